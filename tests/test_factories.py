"""Every factory makes a row that passes the model's own validation, on reserved domains only,
so a test that uses one starts from valid data."""

from typing import Any

import pytest
from django.db import models

from contacts.models import Organisation
from releases.models import Release
from tests import factories

pytestmark = pytest.mark.django_db

ALL = [
    factories.UserFactory,
    factories.OrganisationFactory,
    factories.AgencyFactory,
    factories.PRContactFactory,
    factories.BeatFactory,
    factories.OutletFactory,
    factories.MediaContactFactory,
    factories.DistributionListFactory,
    factories.SuppressionFactory,
    factories.IssuerFactory,
    factories.ReleaseFactory,
    factories.ReleaseTranslationFactory,
    factories.AssetFactory,
    factories.EnquiryContactFactory,
    factories.SendFactory,
    factories.DeliveryFactory,
    factories.DeliveryEventFactory,
    factories.AssetClickFactory,
]


@pytest.mark.parametrize("factory", ALL, ids=lambda factory: factory.__name__)
def test_it_makes_a_valid_row(factory: Any) -> None:
    instance: models.Model = factory.create()
    instance.full_clean()
    email = getattr(instance, "email", "")
    assert not email or email.endswith(("@example.com", ".test"))


def test_it_makes_a_bilingual_embargoed_release() -> None:
    release: Release = factories.ReleaseFactory.create(embargoed=True, bilingual=True)
    release.full_clean()
    assert release.release_type == Release.ReleaseType.EMBARGOED
    assert release.languages() == ["en", "zh-hant"]
    assert release.headline("zh-hant") == "創新集群奪全球第一"


def test_it_makes_an_in_house_team_and_an_agency() -> None:
    assert factories.OrganisationFactory.create().kind == Organisation.Kind.IN_HOUSE
    assert factories.AgencyFactory.create().kind == Organisation.Kind.AGENCY


def test_it_clicks_an_asset_of_the_release_that_was_sent() -> None:
    click = factories.AssetClickFactory.create()
    assert click.delivery is not None
    assert click.asset.release == click.delivery.send.release


def test_it_fills_a_list_and_a_send() -> None:
    contact = factories.MediaContactFactory.create(beats=[factories.BeatFactory.create()])
    distribution_list = factories.DistributionListFactory.create(members=[contact])
    send = factories.SendFactory.create(lists=[distribution_list])
    assert list(send.lists.get().contacts()) == [contact]
