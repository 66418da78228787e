"""The morning-after report: 24 hours after an immediate-release send started, the release's
author and approver each get one email, in their admin language, with the figures and the PDF;
nobody else does, nothing goes early or twice (even with two beats), a report long overdue is
not sent, and the PDF opens and holds the figures. The results page offers the same PDF to those
who may see the recipients, within their scope."""

import io
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from audit.preferences import user_language_set
from distribution import tasks
from distribution.models import Delivery, Send
from distribution.report import morning_after_send
from tests.distribution.conftest import Sink
from tests.distribution.officers import (
    EMBARGO,
    agency_officer,
    alice,
    approved_release,
    client_for,
    sends_reader,
)
from tests.factories import (
    AgencyFactory,
    AssetClickFactory,
    AssetFactory,
    DeliveryFactory,
    MediaContactFactory,
    OutletFactory,
    SendFactory,
    UserFactory,
)

Status = Delivery.Status
HOUR = timedelta(hours=1)
DUE = EMBARGO + 24 * HOUR  # the send started at the embargo, 1 Sep 2025 10:00 HKT


def a_sent_campaign() -> tuple[Send, Any, Any]:
    """An immediate-release send at the embargo: Harbour Daily's Ann opened and downloaded the
    photo twice, Ben's copy was opened only by a privacy proxy, Cat bounced; Tech Wire's Dan
    clicked. The author reads the admin in Chinese, the approver in English."""
    author = UserFactory.create(username="author", email="author@example.com")
    approver = UserFactory.create(username="approver", email="approver@example.com")
    user_language_set(user=author, language="zh-hant")
    user_language_set(user=approver, language="en")
    UserFactory.create(username="bystander", email="bystander@example.com")
    release = approved_release(created_by=author, approved_by=approver)
    send = SendFactory.create(
        release=release, status=Send.Status.SENT, scheduled_at=EMBARGO, started_at=EMBARGO
    )
    daily = OutletFactory.create(name_en="Harbour Daily", name_zh_hant="海港日報")
    wire = OutletFactory.create(name_en="Tech Wire", name_zh_hant="")
    photo = AssetFactory.create(release=release, caption_en="Chairman at the podium")

    def person(name: str, outlet: Any, **fields: Any) -> Delivery:
        contact = MediaContactFactory.create(
            name_en=name, outlet=outlet, email=f"{name.lower()}@example.com"
        )
        return DeliveryFactory.create(send=send, contact=contact, sent_at=EMBARGO, **fields)

    ann = person(
        "Ann", daily, status=Status.CLICKED, opened_at=EMBARGO + HOUR, clicked_at=EMBARGO + HOUR
    )
    person("Ben", daily, status=Status.DELIVERED, machine_opened_at=EMBARGO)
    person("Cat", daily, status=Status.BOUNCED, error="550 5.1.1 mailbox unknown")
    dan = person("Dan", wire, status=Status.CLICKED, clicked_at=EMBARGO + 2 * HOUR)
    for who in (ann, ann, dan):
        AssetClickFactory.create(delivery=who, asset=photo, clicked_at=EMBARGO + 2 * HOUR)
    return send, author, approver  # fmt: skip


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1  # one page
    return " ".join(reader.pages[0].extract_text().split())


def attached_pdf(message: Any) -> bytes:
    [(name, content, mimetype)] = message.attachments
    assert (name.endswith(".pdf"), mimetype) == (True, "application/pdf")
    return bytes(content)


@pytest.fixture
def at_due() -> Iterator[Any]:
    with time_machine.travel(DUE, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
def test_the_report_goes_once_when_due_to_author_and_approver_each_in_their_language(
    at_due: Any,
) -> None:
    send, _author, _approver = a_sent_campaign()
    at_due.move_to(DUE - timedelta(minutes=1))

    assert morning_after_send() == 0
    assert mail.outbox == []

    at_due.move_to(DUE)
    assert morning_after_send() == 1
    assert morning_after_send() == 0  # the next beat: nothing left to do

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["approver@example.com", "author@example.com"]
    chinese, english = by_address["author@example.com"], by_address["approver@example.com"]
    assert "創新集群奪全球第一" in chinese.subject
    assert "Innovation cluster ranked first in the world" in english.subject
    html = str(chinese.alternatives[0][0])  # type: ignore[attr-defined]
    assert 'lang="zh-hant"' in html
    assert "收件人" in html  # "Recipients", from the catalogue
    assert "收件人" in chinese.body
    assert "Recipients: 4" in english.body
    assert "Opened by people: 2" in english.body  # Ann, and Dan by clicking; not Ben's proxy
    assert "Asset downloads: 3" in english.body
    assert "cat@example.com (Cat): 550 5.1.1 mailbox unknown" in english.body
    assert "收件人" in pdf_text(attached_pdf(chinese))
    send.refresh_from_db()
    assert send.report_sent_at == DUE


@pytest.mark.django_db
def test_the_pdf_opens_and_holds_the_figures(at_due: Any) -> None:
    a_sent_campaign()
    morning_after_send()
    [english] = [m for m in mail.outbox if m.to == ["approver@example.com"]]

    text = pdf_text(attached_pdf(english))

    assert "Innovation cluster ranked first in the world" in text
    assert "For immediate release, sent 1 Sep 2025 10:00 HKT" in text
    assert "4 3 2 2 3 1 0 0 Recipients Delivered Opened by people Clicked by people" in text
    assert "Newsroom page views Newsroom downloads" in text
    assert "Harbour Daily 海港日報 3 1 1 2" in text  # recipients, opened, clicked, downloads
    assert "Delivered 3 (75%)" in text  # the funnel chart
    assert "Chairman at the podium 2 3" in text  # people, downloads by people
    assert "cat@example.com Cat 550 5.1.1 mailbox unknown" in text
    assert "Opens and clicks by people, first 48 hours" in text


@pytest.mark.django_db
def test_the_pdf_text_is_set_in_a_font_every_reader_can_draw(at_due: Any) -> None:
    # A CID font's CMap must come from the font's own character collection: paired with
    # Simplified Chinese's (UniGB-UCS2-H), the Traditional Chinese MSung-Light (Adobe-CNS1)
    # shows a page without a word in poppler-based readers, English and Chinese alike.
    a_sent_campaign()
    morning_after_send()
    pairs = set()
    for message in mail.outbox:  # one in English, one in Chinese
        page: Any = PdfReader(io.BytesIO(attached_pdf(message))).pages[0]
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            if font["/Subtype"] == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
                collection = descendant["/CIDSystemInfo"].get_object()["/Ordering"]
                pairs.add((str(font["/Encoding"]), str(collection)))
    assert pairs == {("/UniCNS-UCS2-H", "CNS1")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "why"),
    [
        pytest.param({"kind": Send.Kind.ADVANCE}, "an advance copy", id="advance"),
        pytest.param({"status": Send.Status.SENDING}, "still sending", id="sending"),
        pytest.param({"started_at": DUE - 49 * HOUR}, "overdue by more than a day", id="stale"),
    ],
)
def test_no_report_for_an_advance_copy_an_unfinished_or_a_long_overdue_send(
    at_due: Any, changes: dict[str, Any], why: str
) -> None:
    send, _, _ = a_sent_campaign()
    Send.objects.filter(pk=send.pk).update(**changes)

    assert morning_after_send() == 0, why
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_hours_are_a_setting(at_due: Any, settings: Any) -> None:
    settings.MORNING_AFTER_HOURS = 2
    a_sent_campaign()
    at_due.move_to(EMBARGO + 2 * HOUR)

    assert morning_after_send() == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_send_one_report(at_due: Any) -> None:
    a_sent_campaign()
    start = threading.Barrier(2)
    counts: list[int] = []

    def beat() -> None:
        start.wait()
        try:
            counts.append(morning_after_send(now=DUE))
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(counts) == [0, 1]
    assert sorted(m.to[0] for m in mail.outbox) == ["approver@example.com", "author@example.com"]


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_celery")
def test_the_beat_task_mails_the_report_through_smtp(at_due: Any, smtp_sink: Sink) -> None:
    a_sent_campaign()

    tasks.morning_after.delay()

    assert smtp_sink.by_address() == {"author@example.com": 1, "approver@example.com": 1}
    [message] = smtp_sink.messages_to("approver@example.com")
    [pdf] = [part for part in message.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    assert "Recipients" in pdf_text(pdf.get_content())


# --- The PDF on the results page ----------------------------------------------------------------


def pdf_url(send: Send) -> str:
    return reverse("admin:distribution_send_report_pdf", args=[send.pk])


@pytest.mark.django_db
def test_the_results_page_offers_the_pdf_in_the_users_language(at_due: Any) -> None:
    send, _, _ = a_sent_campaign()
    officer = alice()
    client = client_for(officer)
    results = client.get(reverse("admin:distribution_send_results", args=[send.pk]))
    assert pdf_url(send) in results.content.decode()

    english = client.get(pdf_url(send))
    client.post(reverse("admin_language"), {"language": "zh-hant"})
    chinese = client.get(pdf_url(send))

    assert english["Content-Type"] == "application/pdf"
    assert "no-store" in english["Cache-Control"]
    assert "Recipients" in pdf_text(english.content)
    assert "收件人" in pdf_text(chinese.content)
    assert mail.outbox == []  # downloading sends nothing, claims nothing
    send.refresh_from_db()
    assert send.report_sent_at is None


@pytest.mark.django_db
def test_the_pdf_is_refused_outside_ones_scope_or_without_the_recipients_permission(
    at_due: Any,
) -> None:
    send, _, _ = a_sent_campaign()
    theirs, ours = AgencyFactory.create(), AgencyFactory.create()
    send.release.agencies.add(ours)

    assert client_for(agency_officer(theirs)).get(pdf_url(send)).status_code == 404
    assert client_for(agency_officer(ours)).get(pdf_url(send)).status_code == 200
    assert client_for(sends_reader()).get(pdf_url(send)).status_code == 403


@pytest.mark.django_db
def test_a_long_bounce_list_is_cut_to_ten_and_says_how_many_more(at_due: Any) -> None:
    send, _, _ = a_sent_campaign()
    for k in range(11):  # with Cat's: 12 to fix
        DeliveryFactory.create(send=send, email=f"gone{k:02}@example.com", status=Status.FAILED)

    morning_after_send()

    [english] = [m for m in mail.outbox if m.to == ["approver@example.com"]]
    assert "…and 2 more on the results page." in english.body
    assert "gone09@example.com" not in english.body  # alphabetical: cat, gone00…gone08
    text = pdf_text(attached_pdf(english))
    assert "…and 2 more on the results page." in text
    assert "Bounced or failed" in text
    assert "15 3 2 2 3 12" in text  # 15 recipients now, 12 bounced or failed


@pytest.mark.django_db
def test_the_report_gives_the_minute_the_send_started_in_both_languages(at_due: Any) -> None:
    send, _author, _approver = a_sent_campaign()
    Send.objects.filter(pk=send.pk).update(
        scheduled_at=EMBARGO + timedelta(minutes=56), started_at=EMBARGO + timedelta(minutes=56)
    )
    at_due.move_to(DUE + timedelta(minutes=56))
    assert morning_after_send() == 1
    by_address = {message.to[0]: message for message in mail.outbox}
    chinese, english = by_address["author@example.com"], by_address["approver@example.com"]

    assert "sent 1 Sep 2025 10:56 HKT" in english.body
    assert "sent 1 Sep 2025 10:56 HKT" in pdf_text(attached_pdf(english))
    assert "2025年9月1日 10:56 HKT" in chinese.body
    assert "10:00 HKT" not in f"{english.body}{chinese.body}"
