"""Mail that comes from the issuer: its sender name (Chinese and English, as Hong Kong inboxes
show them) and address, replies to its press office (else the release's first media-enquiry
contact), and its postal address in the foot in each reader's language; through SMTP on
loopback and through an ESP's real anymail backend."""

from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import pytest
import time_machine

from contacts.models import Language, Organisation
from distribution.models import Send
from distribution.services import send_schedule, sends_tick
from releases.models import Issuer, Release
from tests.distribution.conftest import Sink
from tests.distribution.esp_standins import Postmark, serving
from tests.distribution.test_esp_real_backends import use
from tests.factories import (
    DistributionListFactory,
    EnquiryContactFactory,
    IssuerFactory,
    MediaContactFactory,
    OrganisationFactory,
    PRContactFactory,
    ReleaseFactory,
)
from tests.personas import persona

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
ADDRESS_ZH = "香港海濱道1號 海濱科技園"
ADDRESS_EN = "Harbourfront Technology Park, 1 Harbourfront Road, Hong Kong"


def park(**fields: Any) -> Issuer:
    return IssuerFactory.create(
        name_en="Harbourfront Technology Park", name_zh_hant="海濱科技園",
        sender_email="press@harbourfront.example.com", postal_address_en=ADDRESS_EN,
        postal_address_zh_hant=ADDRESS_ZH, **fields,
    )  # fmt: skip


def send_release(issuer: Issuer, drafted_by: Any = None) -> dict[str, str]:
    """An approved bilingual release with a media-enquiry contact, sent now to a Chinese and
    an English reader; their addresses by language. `drafted_by`: an agency's officer, whose
    agency is assigned to the release."""
    release = ReleaseFactory.create(
        issuer=issuer, status=Release.Status.APPROVED, bilingual=True, created_by=drafted_by
    )
    if drafted_by is not None:
        release.agencies.add(drafted_by.membership.organisation)
    EnquiryContactFactory.create(
        release=release,
        pr_contact=PRContactFactory.create(email="wing.chan@harbourfront.example.com"),
    )
    readers = {
        "zh-hant": MediaContactFactory.create(
            email="chan@daily.example.com", preferred_language=Language.ZH_HANT
        ),
        "en": MediaContactFactory.create(
            email="lee@wire.example.com", preferred_language=Language.EN
        ),
    }
    team = DistributionListFactory.create(members=list(readers.values()))
    with time_machine.travel(NOW, tick=True):
        send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE)
        sends_tick()
    send.refresh_from_db()
    assert send.status == Send.Status.SENT, send.reason
    return {language: contact.email for language, contact in readers.items()}


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_mail_comes_from_the_issuer_and_replies_reach_its_press_office(smtp_sink: Sink) -> None:
    readers = send_release(park(reply_to_email="press.office@harbourfront.example.com"))

    for language, address in readers.items():
        (message,) = smtp_sink.messages_to(address)
        name, sender = parseaddr(str(message["From"]))
        assert sender == "press@harbourfront.example.com"
        assert name == "海濱科技園 Harbourfront Technology Park"
        assert str(message["Reply-To"]) == "press.office@harbourfront.example.com"
        text = text_of(message)
        if language == "zh-hant":
            assert ADDRESS_ZH in text
            assert ADDRESS_EN not in text
        else:
            assert ADDRESS_EN in text
            assert ADDRESS_ZH not in text


def test_without_a_press_office_replies_reach_the_enquiry_contact(smtp_sink: Sink) -> None:
    readers = send_release(park())
    (message,) = smtp_sink.messages_to(readers["en"])
    assert str(message["Reply-To"]) == "wing.chan@harbourfront.example.com"


@pytest.fixture
def postmark(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Postmark]:
    with serving("postmark") as stand_in:
        assert isinstance(stand_in, Postmark)
        use(stand_in, settings, monkeypatch)
        yield stand_in


def test_an_esp_is_asked_for_the_issuers_sender_and_reply_to(postmark: Postmark) -> None:
    send_release(park(reply_to_email="press.office@harbourfront.example.com"))

    calls = [call.json() for call in postmark.calls]
    assert len(calls) == 2
    for call in calls:
        assert parseaddr(call["From"])[1] == "press@harbourfront.example.com"
        assert call["ReplyTo"] == "press.office@harbourfront.example.com"


def an_agency(**fields: Any) -> Organisation:
    return OrganisationFactory.create(
        kind=Organisation.Kind.AGENCY, name_en="Lantern PR", name_zh_hant="燈籠公關", **fields
    )


def test_an_agency_drafted_release_comes_from_the_agency_where_the_issuer_allows(
    smtp_sink: Sink,
) -> None:
    agency = an_agency(
        sender_email="newsroom@lantern-pr.example.com",
        reply_to_email="media@lantern-pr.example.com",
    )
    readers = send_release(
        park(agency_sends_in_own_name=True), drafted_by=persona("charlie", agency)
    )

    (message,) = smtp_sink.messages_to(readers["zh-hant"])
    name, sender = parseaddr(str(message["From"]))
    assert (name, sender) == ("燈籠公關 Lantern PR", "newsroom@lantern-pr.example.com")
    assert str(message["Reply-To"]) == "media@lantern-pr.example.com"
    assert ADDRESS_ZH in text_of(message)  # the foot still names the issuer


def test_without_the_issuer_s_leave_an_agency_drafted_release_comes_from_the_issuer(
    smtp_sink: Sink,
) -> None:
    agency = an_agency(sender_email="newsroom@lantern-pr.example.com")
    readers = send_release(park(), drafted_by=persona("charlie", agency))

    (message,) = smtp_sink.messages_to(readers["en"])
    assert parseaddr(str(message["From"]))[1] == "press@harbourfront.example.com"
    assert str(message["Reply-To"]) == "wing.chan@harbourfront.example.com"


def test_an_agency_without_a_sender_address_sends_as_the_issuer(smtp_sink: Sink) -> None:
    agency = an_agency()
    readers = send_release(
        park(agency_sends_in_own_name=True), drafted_by=persona("charlie", agency)
    )

    (message,) = smtp_sink.messages_to(readers["en"])
    assert parseaddr(str(message["From"]))[1] == "press@harbourfront.example.com"
