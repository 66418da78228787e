"""Every admin page a PR officer opens renders with the demo data in place, in a bounded number
of queries whatever the number of rows."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from distribution.management.commands.load_demo import RELEASE_SLUG

# The changelist and change form may not grow with the number of rows: these bounds hold for
# the demo's 200 contacts and would fail on one query per row.
# The release page adds its workflow panel: comments, history and the issuer's time zone, and
# the boilerplate versions a translation may pin.
MAX_QUERIES = 28

MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in {
        "pressroom", "contacts", "distribution", "events"
    }),
    key=lambda model: model._meta.label,
)  # fmt: skip


@pytest.fixture
def demo(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_events", stdout=io.StringIO())
    # The demo has no send yet (sending comes with the distribution engine): add one of each
    # record so their pages are opened too.
    from contacts.models import DistributionList, MediaContact
    from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
    from releases.models import Release

    release = Release.objects.get(slug=RELEASE_SLUG)
    moment, asset = release.embargo_until, release.assets.first()
    assert moment is not None
    assert asset is not None
    send = Send.objects.create(release=release, scheduled_at=release.embargo_until)
    send.lists.set(DistributionList.objects.all())
    contact = MediaContact.objects.order_by("pk").first()
    assert contact is not None
    delivery = Delivery.objects.create(
        send=send, contact=contact, email=contact.email, language="en"
    )
    DeliveryEvent.objects.create(
        delivery=delivery,
        event_id="demo-1",
        event_type="delivered",
        occurred_at=moment,
    )
    AssetClick.objects.create(delivery=delivery, asset=asset, clicked_at=moment)
    from events.models import Event, Rsvp

    Rsvp.objects.create(
        event=Event.objects.get(), email=contact.email, delivery=delivery,
        answer=Rsvp.Answer.ACCEPTED, answered_at=moment,
    )  # fmt: skip


@pytest.fixture
def officer_client(demo: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    return client


def _first(model: type[Model]) -> Model | None:
    return model._default_manager.order_by("pk").first()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_its_list_page_renders(
    officer_client: Client, model: type[Model], django_assert_max_num_queries: object
) -> None:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(MAX_QUERIES):  # type: ignore[operator]
        response = officer_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_its_change_page_renders(
    officer_client: Client, model: type[Model], django_assert_max_num_queries: object
) -> None:
    obj = _first(model)
    assert obj is not None
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    with django_assert_max_num_queries(MAX_QUERIES):  # type: ignore[operator]
        response = officer_client.get(url)
    assert response.status_code == 200


def test_the_release_list_shows_both_headlines_and_the_embargo_in_hkt(
    officer_client: Client,
) -> None:
    from releases.models import Release

    release = Release.objects.get(slug=RELEASE_SLUG)
    response = officer_client.get(reverse("admin:pressroom_release_changelist"))
    page = response.content.decode()
    assert escape(release.headline("en")) in page
    assert escape(release.headline("zh-hant")) in page
    assert "1 Sep 2025 10:00 HKT" in page


def test_the_contact_search_finds_a_journalist_by_chinese_name(officer_client: Client) -> None:
    from contacts.models import MediaContact

    contact = MediaContact.objects.exclude(name_zh_hant="").order_by("pk").first()
    assert contact is not None
    response = officer_client.get(
        reverse("admin:contacts_mediacontact_changelist"), {"q": contact.name_zh_hant}
    )
    assert contact.email in response.content.decode()
