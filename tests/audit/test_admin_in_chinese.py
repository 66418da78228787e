"""Wing reads the admin in Traditional Chinese: every list, add and change page of our models and
our own pages (sending, results, outbox, import) show their labels in Chinese, and none of the
English ones; times stay in HKT, written the Chinese way."""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import override

from audit.models import UserPreference
from distribution.models import Send
from pressroom.management.commands.load_demo import RELEASE_SLUG
from pressroom.models import Release
from tests.test_admin_pages import demo  # noqa: F401 -- the demo data, a send and its records

APPS = {"pressroom", "contacts", "distribution", "audit"}
MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: model._meta.label,
)

# Our own English, as it reads on the pages below; none of it may be left on a Chinese page.
OUR_ENGLISH = [
    "Schedule send",
    "Preview email",
    "Send test to me",
    "Sends of this release",
    "Release moment",
    "Embargo until (HKT)",
    "Recipients by list",
    "Opened by people",
    "Asset downloads",
    "The outbox is empty.",
    "Columns Pressroom reads",
    "Add selected contacts to a distribution list…",
]


def both(text: Any) -> tuple[str, str]:
    with override("en"):
        english = capfirst(str(text))
    with override("zh-hant"):
        chinese = capfirst(str(text))
    return english, chinese


@pytest.fixture
def wing(demo: None) -> Client:  # noqa: F811
    user = get_user_model().objects.get(username="demo")
    UserPreference.objects.update_or_create(user=user, defaults={"language": "zh-hant"})
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # her browser says English; her choice wins
    client.force_login(user)
    return client


def chinese_page(client: Client, url: str) -> str:
    response = client.get(url, follow=True)  # the preview goes on to its first version
    assert response.status_code == 200, url
    text = response.content.decode()
    assert 'lang="zh-hant"' in text, url
    for english in OUR_ENGLISH:
        assert f">{english}<" not in text, f"{english!r} left in English on {url}"
    return text


def _admin(model: type[Model]) -> Any:
    return admin.site._registry[model]


def _request(url: str) -> Any:
    request = RequestFactory().get(url)
    request.user = get_user_model().objects.get(username="demo")
    return request


# One walk per kind of page, over every model: the demo is loaded once for each.


def test_every_list_page_is_in_chinese(wing: Client) -> None:
    for model in MODELS:
        model_admin = _admin(model)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        text = chinese_page(wing, url)
        assert both(model._meta.verbose_name_plural)[1] in text, url
        for name in model_admin.get_list_display(_request(url)):
            if name in {"action_checkbox", "__str__"}:
                continue
            english, chinese = both(label_for_field(name, model, model_admin))
            if english != chinese:
                assert f">{english}<" not in text, f"column {english!r} in English on {url}"
                assert chinese in text, f"column {chinese!r} missing on {url}"


def test_every_change_page_is_in_chinese(wing: Client) -> None:
    for model in MODELS:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, model  # the demo has one of each; the audit log, Wing's login
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        text = chinese_page(wing, url)
        for field in model._meta.get_fields():
            if not hasattr(field, "verbose_name") or field.auto_created:
                continue
            english, chinese = both(field.verbose_name)
            if english != chinese and f'id="id_{field.name}"' in text:
                assert f">{english}:<" not in text, f"label {english!r} in English on {url}"
                assert chinese in text, f"label {chinese!r} missing on {url}"


def test_every_add_page_is_in_chinese(wing: Client) -> None:
    opened = 0
    for model in MODELS:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        # Records of what happened (sends, deliveries, the audit log) are never added by hand.
        if _admin(model).has_add_permission(_request(url)):
            text = chinese_page(wing, url)
            assert both(model._meta.verbose_name)[1] in text, url
            opened += 1
    assert opened >= 8


def test_the_release_page_and_its_sending_pages_are_in_chinese(wing: Client) -> None:
    release = Release.objects.get(slug=RELEASE_SLUG)
    page = chinese_page(wing, reverse("admin:pressroom_release_change", args=[release.pk]))
    for chinese in ["安排發送", "預覽電郵", "發送測試電郵給我", "這篇新聞稿的發送", "發布時間"]:
        assert chinese in page
    listing = chinese_page(wing, reverse("admin:pressroom_release_changelist"))
    assert "2025年9月1日 10:00 HKT" in listing  # the embargo, in HKT, written the Chinese way
    assert "1 Sep 2025" not in listing
    preview = chinese_page(wing, reverse("admin:distribution_send_preview_any", args=[release.pk]))
    assert "純文字版本" in preview  # "As plain text"


def test_a_sends_progress_and_results_are_in_chinese(wing: Client) -> None:
    send = Send.objects.get()
    Send.objects.filter(pk=send.pk).update(status=Send.Status.SENT, started_at=send.scheduled_at)
    detail = chinese_page(wing, reverse("admin:distribution_send_change", args=[send.pk]))
    assert "進度" in detail  # "Progress"
    results = chinese_page(wing, reverse("admin:distribution_send_results", args=[send.pk]))
    for chinese in ["附件下載", "有人開啟", "傳媒機構", "2025年9月1日"]:
        assert chinese in results


def test_the_outbox_and_the_import_page_are_in_chinese(wing: Client, settings: Any) -> None:
    outbox = chinese_page(wing, reverse("admin:distribution_outbox"))
    assert "寄件匣" in outbox
    imports = chinese_page(wing, reverse("admin:contacts_mediacontact_import"))
    assert "Pressroom 讀取的欄位" in imports  # "Columns Pressroom reads"
