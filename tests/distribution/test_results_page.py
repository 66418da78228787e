"""A send's results page: the funnel with people and machines apart, the 48-hour chart drawn on
the server, outlets, asset downloads, the per-recipient table with its filters, and exports to
CSV and Excel; who may see what; and a send of 10,000 deliveries in a bounded number of
queries."""

import csv
import io
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from contacts.models import MediaContact
from distribution.models import AssetClick, Delivery, Send
from tests.distribution.officers import (
    EMBARGO,
    alice,
    approved_release,
    client_for,
    not_staff,
    sends_reader,
    table,
    text_of,
)
from tests.factories import (
    AssetClickFactory,
    AssetFactory,
    DeliveryFactory,
    MediaContactFactory,
    OutletFactory,
    SendFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Status = Delivery.Status
HOUR = timedelta(hours=1)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(EMBARGO + timedelta(days=3), tick=False):
        yield


def results_url(send: Send, **query: str) -> str:
    url = reverse("admin:distribution_send_results", args=[send.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def a_sent_send() -> Send:
    return SendFactory.create(
        release=approved_release(),
        status=Send.Status.SENT,
        scheduled_at=EMBARGO,
        started_at=EMBARGO,
        suppressed_count=3,
    )


def a_campaign() -> tuple[Send, dict[str, Any]]:
    """Harbour Daily: Ann opened and downloaded, Ben opened (machine only), Cat bounced.
    Tech Wire: Dan clicked twice, a scanner also clicked; Eve complained and unsubscribed."""
    send = a_sent_send()
    daily = OutletFactory.create(name_en="Harbour Daily", name_zh_hant="海港日報")
    wire = OutletFactory.create(name_en="Tech Wire", name_zh_hant="")
    photo = AssetFactory.create(release=send.release, caption_en="Chairman at the podium")
    AssetFactory.create(release=send.release, caption_en="Cluster map")

    def person(name: str, outlet: Any, language: str = "en", **fields: Any) -> Delivery:
        contact = MediaContactFactory.create(name_en=name, outlet=outlet)
        return DeliveryFactory.create(
            send=send, contact=contact, language=language, sent_at=EMBARGO, **fields
        )

    people = {
        "ann": person("Ann", daily, status=Status.CLICKED, opened_at=EMBARGO + HOUR,
                      clicked_at=EMBARGO + HOUR),
        "ben": person("Ben", daily, "zh-hant", status=Status.DELIVERED,
                      machine_opened_at=EMBARGO),
        "cat": person("Cat", daily, status=Status.BOUNCED),
        "dan": person("Dan", wire, status=Status.CLICKED, clicked_at=EMBARGO + 2 * HOUR,
                      machine_clicked_at=EMBARGO),
        "eve": person("Eve", wire, "zh-hant", status=Status.COMPLAINED,
                      unsubscribed_at=EMBARGO + 3 * HOUR),
    }  # fmt: skip
    for who, machine in (("ann", False), ("dan", False), ("dan", False), ("dan", True)):
        AssetClickFactory.create(delivery=people[who], asset=photo, is_machine=machine)
    return send, people


def test_the_funnel_counts_people_and_machines_apart() -> None:
    send, _ = a_campaign()

    page = client_for(alice()).get(results_url(send)).content.decode()

    counts = {
        key: int(value)
        for key, value in __import__("re").findall(r'data-count="(\w+)">(\d+)<', page)
    }
    assert counts == {
        "recipients": 5,
        "sent": 5,
        "delivered": 4,  # all but the bounce
        "opened": 2,  # Ann, and Dan by clicking; not Ben's machine open
        "clicked": 2,
        "bounced": 1,
        "complained": 1,
        "unsubscribed": 1,
        "opened_by_machines_only": 1,
        "clicked_by_machines_only": 0,  # Dan's scanner click is outdone by Dan himself
        "newsroom_views": 0,  # no one read it on the newsroom
        "newsroom_downloads": 0,
    }
    assert "3 left out before sending" in text_of(page)


def test_outlets_and_assets_are_tabled() -> None:
    send, _ = a_campaign()

    page = client_for(alice()).get(results_url(send)).content.decode()

    assert table(page, "outlets")[1:] == [
        ["Harbour Daily 海港日報", "3", "2", "1", "1", "1", "1"],
        ["Tech Wire", "2", "2", "1", "1", "2", "0"],
    ]
    assert table(page, "assets")[1:] == [
        ["Chairman at the podium", "Photo", "2", "3", "1", "0"],
        ["Cluster map", "Photo", "0", "0", "0", "0"],
    ]


def test_the_chart_is_drawn_on_the_server_with_nothing_from_the_internet() -> None:
    send, _ = a_campaign()

    page = client_for(alice()).get(results_url(send)).content.decode()

    start = page.index('class="pr-chart"')
    svg = page[start : page.index("</svg>", start)]
    assert svg.count("<rect") == 3  # Ann opened and clicked at 11:00, Dan clicked at 12:00
    assert "10:00 HKT: 1 opened" not in svg  # the first hour holds no person's open
    assert "11:00 HKT: 1 opened" in svg
    assert "12:00 HKT: 1 clicked" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in svg


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Ann", "Ben", "Cat", "Dan", "Eve"}),
        ({"status": "clicked"}, {"Ann", "Dan"}),
        ({"language": "zh-hant"}, {"Ben", "Eve"}),
        ({"status": "nonsense", "outlet": "x'; drop", "language": "<b>"}, {"Ann", "Ben", "Cat",
                                                                          "Dan", "Eve"}),
    ],
)  # fmt: skip
def test_the_recipient_table_filters(query: dict[str, str], expected: set[str]) -> None:
    send, _ = a_campaign()

    page = client_for(alice()).get(results_url(send, **query)).content.decode()

    assert {row[1] for row in table(page, "recipient-table")[1:]} == expected


def test_the_recipient_table_filters_by_outlet() -> None:
    send, people = a_campaign()
    contact = people["dan"].contact
    assert contact is not None
    outlet_id = str(contact.outlet_id)

    page = client_for(alice()).get(results_url(send, outlet=outlet_id)).content.decode()
    nowhere = MediaContact.objects.filter(pk=contact.pk)
    nowhere.update(outlet=None)
    none_page = client_for(alice()).get(results_url(send, outlet="none")).content.decode()

    assert {row[1] for row in table(page, "recipient-table")[1:]} == {"Dan", "Eve"}
    assert {row[1] for row in table(none_page, "recipient-table")[1:]} == {"Dan"}


def test_the_results_export_to_csv_and_excel_with_the_filters() -> None:
    send, _ = a_campaign()
    client = client_for(alice())
    base = reverse("admin:distribution_send_results_export", args=[send.pk, "recipients", "csv"])

    response = client.get(base + "?status=clicked")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    xlsx = client.get(
        reverse("admin:distribution_send_results_export", args=[send.pk, "clicks", "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active

    assert (
        response["Content-Disposition"] == f'attachment; filename="send-{send.pk}-recipients.csv"'
    )
    assert sorted(row["name"] for row in rows) == ["Ann", "Dan"]
    ann = next(row for row in rows if row["name"] == "Ann")
    assert ann["clicked (person, first)"] == "2025-09-01T11:00:00+08:00"
    assert ann["downloads (person)"] == "1"
    assert sheet is not None
    values = list(sheet.values)
    assert values[0][:5] == ("asset", "email", "outlet", "clicked", "person or machine")
    assert sorted(row[4] for row in values[1:]) == ["machine", "person", "person", "person"]


def test_an_unknown_export_is_not_found() -> None:
    send, _ = a_campaign()
    url = reverse("admin:distribution_send_results_export", args=[send.pk, "recipients", "pdf"])

    assert client_for(alice()).get(url).status_code == 404


def test_a_reader_of_sends_sees_the_funnel_but_not_who_the_recipients_are() -> None:
    send, _ = a_campaign()
    client = client_for(sends_reader())
    export = reverse("admin:distribution_send_results_export", args=[send.pk, "recipients", "csv"])

    page = client.get(results_url(send)).content.decode()

    assert 'data-count="recipients">5<' in page
    assert 'id="recipient-table"' not in page
    assert client.get(export).status_code == 403


def test_those_not_staff_and_strangers_see_nothing() -> None:
    send, _ = a_campaign()

    assert client_for(not_staff()).get(results_url(send)).status_code == 302  # to the login
    assert Client().get(results_url(send)).status_code == 302
    assert client_for(alice()).post(results_url(send)).status_code == 405


def test_the_send_page_and_the_send_list_link_to_the_results() -> None:
    send, _ = a_campaign()
    client = client_for(alice())

    detail = client.get(reverse("admin:distribution_send_change", args=[send.pk]))
    listing = client.get(reverse("admin:distribution_send_changelist"))

    assert results_url(send) in detail.content.decode()
    assert results_url(send) in listing.content.decode()


def test_ten_thousand_deliveries_cost_a_bounded_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    send = a_sent_send()
    outlets = [OutletFactory.create() for _ in range(20)]
    contacts = MediaContact.objects.bulk_create(
        MediaContact(email=f"r{n}@example.com", outlet=outlets[n % 20]) for n in range(10_000)
    )
    Delivery.objects.bulk_create(
        Delivery(
            send=send,
            contact=contact,
            email=contact.email,
            language="en" if n % 3 else "zh-hant",
            status=[Status.DELIVERED, Status.OPENED, Status.CLICKED, Status.BOUNCED][n % 4],
            opened_at=EMBARGO + (n % 48) * HOUR if n % 4 in (1, 2) else None,
            clicked_at=EMBARGO + (n % 48) * HOUR if n % 4 == 2 else None,
            sent_at=EMBARGO,
        )
        for n, contact in enumerate(contacts)
    )
    asset = AssetFactory.create(release=send.release)
    first = list(Delivery.objects.filter(send=send)[:500])
    AssetClick.objects.bulk_create(
        AssetClick(delivery=d, send=send, asset=asset, clicked_at=EMBARGO) for d in first
    )
    client = client_for(alice())

    with django_assert_max_num_queries(21):
        response = client.get(results_url(send, page="3"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-count="recipients">10000<' in page
    assert len(table(page, "recipient-table")) == 51  # a page of 50 and the header
    assert len(table(page, "outlets")) == 21


@pytest.mark.parametrize("sign", ["=", "＝", "＋", "－", "＠"])
def test_an_export_never_hands_a_spreadsheet_a_formula(sign: str) -> None:
    """Full-width signs too (security review): a spreadsheet runs "＝HYPERLINK(…)" as a formula,
    and it is what a Chinese input method types."""
    send, people = a_campaign()
    AssetClick.objects.filter(delivery=people["ann"]).update(
        user_agent=f'{sign}HYPERLINK("https://evil.example.net","photo")'
    )
    url = reverse("admin:distribution_send_results_export", args=[send.pk, "clicks", "csv"])

    rows = list(csv.DictReader(io.StringIO(client_for(alice()).get(url).content.decode())))

    agents = {row["user agent"] for row in rows}
    assert f'\'{sign}HYPERLINK("https://evil.example.net","photo")' in agents
    assert not any(agent.startswith(sign) for agent in agents)


def test_the_page_gives_the_minute_the_send_started_not_the_charts_hour() -> None:
    send = SendFactory.create(
        release=approved_release(),
        status=Send.Status.SENT,
        scheduled_at=EMBARGO + timedelta(minutes=53),
        started_at=EMBARGO + timedelta(minutes=53),
    )

    text = text_of(client_for(alice()).get(results_url(send)).content.decode())

    assert "Started 1 Sep 2025 10:53 HKT" in text
    assert "10:00 HKT" not in text.split("Started", 1)[1][:40]
