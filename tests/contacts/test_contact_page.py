"""The contact page tells a PR officer everything known about one journalist: outlet, beats,
language, the lists they are on (and why), every release sent to them and what they did with
it, and whether their address is suppressed and why."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from contacts.models import DistributionList, Language, Organisation, Suppression
from tests.contacts.conftest import client_for
from tests.factories import (
    AssetClickFactory,
    AssetFactory,
    BeatFactory,
    DeliveryEventFactory,
    DeliveryFactory,
    DistributionListFactory,
    IssuerFactory,
    MediaContactFactory,
    OutletFactory,
    ReleaseFactory,
    SendFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.django_db

SENT = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def test_the_contact_page_shows_everything_known_about_the_journalist(
    alice: Any, park: Organisation, park_list: DistributionList, agency_list: DistributionList
) -> None:
    fintech = BeatFactory.create(slug="fintech", name_en="Fintech")
    contact = MediaContactFactory.create(
        name_en="Mary Lam",
        name_zh_hant="林美麗",
        email="mary.lam@daily.example.com",
        outlet=OutletFactory.create(name_en="Harbour Daily"),
        beats=[fintech],
        preferred_language=Language.ZH_HANT,
    )
    park_list.members.add(contact)
    agency_list.rule_beats.add(fintech)
    DistributionListFactory.create(name="Sports desk")  # not hers
    release = ReleaseFactory.create(bilingual=True, issuer=IssuerFactory.create(organisation=park))
    delivery = DeliveryFactory.create(
        contact=contact, send=SendFactory.create(release=release), status="clicked", sent_at=SENT
    )
    DeliveryEventFactory.create(delivery=delivery, event_type="delivered", occurred_at=SENT)
    for minute in (5, 30):
        DeliveryEventFactory.create(
            delivery=delivery, event_type="opened", occurred_at=SENT.replace(minute=minute)
        )
    photo = AssetFactory.create(release=release, caption_en="Chairman at the ranking ceremony")
    AssetClickFactory.create(delivery=delivery, asset=photo, clicked_at=SENT.replace(minute=31))
    SuppressionFactory.create(
        email="Mary.Lam@daily.example.com",
        reason=Suppression.Reason.UNSUBSCRIBE,
        source="one-click unsubscribe",
        created_at=SENT.replace(day=2),
    )

    page = (
        client_for(alice)
        .get(reverse("admin:contacts_mediacontact_change", args=[contact.pk]))
        .content.decode()
    )

    assert "Harbour Daily" in page
    assert "林美麗" in page
    assert f'<option value="{fintech.pk}" selected>Fintech</option>' in page
    assert "Technology desk</a>\n        (Harbour Park Corporate Communications) — member" in page
    assert "Lantern fintech writers</a>\n        (Lantern Public Relations) — saved rule" in page
    assert "Sports desk" not in page
    assert "<h2>Releases sent (1)</h2>" in page
    assert "Innovation cluster ranked first in the world" in page
    assert "1 Sep 2025 10:00 HKT" in page  # sent and delivered
    assert "1 Sep 2025 10:05 HKT (2 times)" in page  # first opened, and how often
    assert "Chairman at the ranking ceremony (1 Sep 10:31 HKT)" in page
    assert "This address is suppressed: <strong>Unsubscribed</strong>" in page
    assert "since 2 Sep 2025 10:00 HKT (one-click unsubscribe)" in page


def test_a_contact_never_sent_to_says_so(alice: Any) -> None:
    contact = MediaContactFactory.create()
    page = (
        client_for(alice)
        .get(reverse("admin:contacts_mediacontact_change", args=[contact.pk]))
        .content.decode()
    )
    assert "No release has been sent to this contact yet." in page
    assert "Not suppressed." in page


def test_an_agency_officer_reads_but_cannot_change_a_contact_it_does_not_maintain(
    charlie: Any,
) -> None:
    contact = MediaContactFactory.create(maintained_by=None)
    url = reverse("admin:contacts_mediacontact_change", args=[contact.pk])
    client = client_for(charlie)

    page = client.get(url).content.decode()
    assert 'name="_save"' not in page  # read only
    response = client.post(url, {"email": "hijacked@agency.test", "name_en": "Hijacked"})
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.email != "hijacked@agency.test"
