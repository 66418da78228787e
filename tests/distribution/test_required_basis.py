"""A list that requires a legal basis (consent, for a list of subscribers) reaches only the
members who have it recorded; the others are left out, and the confirmation page says why."""

from datetime import UTC, datetime

import pytest
import time_machine

from contacts.models import MediaContact
from distribution.models import Delivery, Send
from distribution.plan import send_plan
from distribution.services import send_schedule, sends_tick
from releases.models import Release
from tests.distribution.conftest import Sink
from tests.factories import DistributionListFactory, MediaContactFactory, ReleaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
Basis = MediaContact.ConsentBasis


def test_a_list_that_requires_consent_reaches_only_those_who_gave_it(smtp_sink: Sink) -> None:
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    subscribed = MediaContactFactory.create(
        email="reader@subscriber.example.com", consent_basis=Basis.CONSENT
    )
    journalist = MediaContactFactory.create(
        email="desk@daily.example.com", consent_basis=Basis.LEGITIMATE_INTEREST
    )
    subscribers = DistributionListFactory.create(
        name="Newsroom subscribers", members=[subscribed, journalist],
        required_basis=Basis.CONSENT,
    )  # fmt: skip
    with time_machine.travel(NOW, tick=True):
        plan = send_plan(release=release, lists=[subscribers], kind=Send.Kind.IMMEDIATE, at=None,
                         now=NOW)  # fmt: skip
        assert plan.recipients_total == 1
        assert dict(plan.excluded) == {
            "no consent (asked to receive releases) recorded, which the list requires": 1
        }
        send = send_schedule(release=release, lists=[subscribers], kind=Send.Kind.IMMEDIATE)
        sends_tick()
    assert smtp_sink.by_address() == {subscribed.email: 1}
    assert list(Delivery.objects.filter(send=send).values_list("email", flat=True)) == [
        subscribed.email
    ]
