"""Wing reads the admin in Traditional Chinese: every list, add and change page of our models and
our own pages (sending, results, outbox, import, embargo changes, follow-ups, the leak report)
show their labels in Chinese, and none of the English ones; so does the morning-after report
she is emailed, and its PDF; times stay in HKT, written the Chinese way."""

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import override
from pypdf import PdfReader

from audit.models import UserPreference
from distribution.leaks import network_hash
from distribution.management.commands.load_demo import RELEASE_SLUG
from distribution.models import Delivery, Send
from distribution.report import morning_after_send
from distribution.services import sends_tick
from releases.models import Release
from tests.factories import AssetClickFactory, DistributionListFactory, MediaContactFactory
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
    "Change or lift the embargo",
    "Change the embargo",
    "Advance copy recipients",
    "Waiting for approval",
    "Lift the embargo now",
    "Embargo update",
    "Embargo was",
    "New embargo",
    "Drafted by",
    "Follow up",
    "Confirm the follow-up",
    "Leak report",
    "Network",
    "User agent",
    "Download this report (PDF)",
    "Leak report of the release",
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


def test_a_reason_a_worker_wrote_is_read_in_each_officers_language(
    wing: Client, settings: Any
) -> None:
    """The tick writes why a send did not go in no one's language: each officer reads it in
    their own, and the English stays for the logs and exports."""
    settings.SEND_LATE_CUTOFF_SECONDS = 600
    send = Send.objects.get()
    Send.objects.filter(pk=send.pk).update(status=Send.Status.SCHEDULED)
    assert send.scheduled_at is not None
    with time_machine.travel(send.scheduled_at + timedelta(minutes=11), tick=False):
        sends_tick()
    send.refresh_from_db()

    assert send.status == Send.Status.MISSED
    assert "the moment passed 11 minutes ago" in send.status_reason
    detail = chinese_page(wing, reverse("admin:distribution_send_change", args=[send.pk]))
    assert "發送時間已過了 11 分鐘" in detail
    assert "minutes ago" not in detail
    progress = wing.get(reverse("admin:distribution_send_progress", args=[send.pk])).json()
    assert progress["status_reason"].startswith("未發送：")
    with override("en"):
        assert send.reason.startswith("Not sent: the moment passed 11 minutes ago")


def test_the_outbox_and_the_import_page_are_in_chinese(wing: Client, settings: Any) -> None:
    outbox = chinese_page(wing, reverse("admin:distribution_outbox"))
    assert "寄件匣" in outbox
    imports = chinese_page(wing, reverse("admin:contacts_mediacontact_import"))
    assert "Pressroom 讀取的欄位" in imports  # "Columns Pressroom reads"


# The demo release's embargo lifts on 1 Sep 2025 10:00 HKT; its advance copy went a day before.
BEFORE_EMBARGO = datetime(2025, 8, 31, 6, 0, tzinfo=UTC)  # 31 Aug 2025 14:00 HKT


def no_english(text: str, *sentences: str) -> None:
    for english in sentences:
        assert english not in text, f"{english!r} left in English"


def advance_copy_sent() -> Send:
    """The demo's send, made an advance copy that reached its one recipient the day before the
    embargo."""
    send = Send.objects.select_related("release").get()
    assert send.release.embargo_until is not None
    day_before = send.release.embargo_until - timedelta(days=1)
    Send.objects.filter(pk=send.pk).update(
        kind=Send.Kind.ADVANCE, status=Send.Status.SENT, scheduled_at=day_before,
        started_at=day_before,
    )  # fmt: skip
    Delivery.objects.filter(send=send).update(status=Delivery.Status.SENT, sent_at=day_before)
    send.refresh_from_db()
    return send


def test_changing_and_lifting_the_embargo_is_in_chinese(wing: Client) -> None:
    release = advance_copy_sent().release
    change_url = reverse("admin:distribution_send_embargo", args=[release.pk])
    with time_machine.travel(BEFORE_EMBARGO, tick=False):
        release_page = chinese_page(
            wing, reverse("admin:pressroom_release_change", args=[release.pk])
        )
        assert "更改或解除禁發時間" in release_page  # "Change or lift the embargo"
        change = chinese_page(wing, change_url)
        for chinese in [
            "更改禁發時間",
            "預發稿收件人",
            "新禁發時間",
            "草擬禁發時間更新",
            "立即解除禁發",
        ]:
            assert chinese in change
        no_english(change, "Moving the embargo drafts an update", "The embargo broke?")

        typo = wing.post(change_url, {"embargo_to": "next Tuesday"})
        past = wing.post(change_url, {"embargo_to": "2025-08-30T10:00"})
        assert (typo.status_code, past.status_code) == (400, 400)
        assert "請以日期及時間輸入新的禁發時間。" in typo.content.decode()
        assert "未有草擬任何更新。新的禁發時間已過。" in past.content.decode()
        no_english(past.content.decode(), "Nothing was drafted", "The new embargo time has passed")

        drafted = wing.post(change_url, {"embargo_to": "2025-09-02T10:00"}, follow=True)
        update = drafted.content.decode()
        assert 'lang="zh-hant"' in update
        for chinese in [
            "已草擬禁發時間更新：須由機構內部的批核人在此頁批核。",
            "禁發時間更新",
            "原禁發時間",
            "2025年9月2日 10:00 HKT",
            "位預發稿收件人",
            "批核後一併更改",
            "新聞室由新的時間起顯示這篇新聞稿。",
            "須由草擬人以外的人批核（雙人原則）。",  # Wing drafted it: she cannot approve it too
            "捨棄",
        ]:
            assert chinese in update
        no_english(update, "Embargo update drafted", "Moves with it", "two-person rule")
        draft = Send.objects.get(kind=Send.Kind.EMBARGO_UPDATE)
        detail = chinese_page(wing, reverse("admin:distribution_send_change", args=[draft.pk]))
        assert "禁發時間更新，接續預發稿" in detail
        assert "審閱及批核這項禁發時間更新" in detail

        lift = chinese_page(
            wing, reverse("admin:distribution_send_embargo_lift", args=[release.pk])
        )
        assert "立即解除禁發" in lift
        assert "現在 (2025年8月31日 14:00 HKT)" in lift  # "now", the moment it would lift
        assert "位預發稿收件人會收到禁發解除的通知" in lift
        assert "新聞室現在顯示這篇新聞稿。" in lift  # the demo release is published
        no_english(lift, "are told it is lifted", "The newsroom shows")


def test_the_follow_up_page_is_in_chinese(wing: Client) -> None:
    send = advance_copy_sent()
    delivery = Delivery.objects.get(send=send)
    assert delivery.contact is not None
    newcomer = MediaContactFactory.create(email="newcomer@daily.example.com")
    desk = DistributionListFactory.create(
        name="Night desk", members=[delivery.contact, newcomer], trusted_for_embargo=True
    )
    url = reverse("admin:distribution_send_follow_up", args=[send.pk])
    with time_machine.travel(BEFORE_EMBARGO, tick=False):
        page = chinese_page(wing, url)
        for chinese in [
            "跟進是一次獨立的發送。",
            "再次發送新聞稿給",
            "未開啟的收件人",
            "投遞失敗者，寄往更正後的地址",
            "新名單，剔除已收到新聞稿的人",
            "1 位收件人尚未開啟",
            "檢查發送對象",
        ]:
            assert chinese in page
        no_english(page, "A follow-up is a send of its own", "Recipients who did not open it")

        unchosen = wing.post(url, {})
        assert unchosen.status_code == 400
        assert "請選擇跟進的對象。" in unchosen.content.decode()

        plan = wing.post(url, {"audience": "new_lists", "lists": [desk.pk]})
        checked = plan.content.decode()
        assert plan.status_code == 200
        for chinese in ["確認跟進", "已收到新聞稿", "立即發送跟進", "重新檢查"]:
            assert chinese in checked
        no_english(checked, "already has the release", "Send the follow-up now")
    assert not Send.objects.filter(kind=Send.Kind.FOLLOW_UP).exists()  # checked, not sent


def test_the_leak_report_is_in_chinese(wing: Client) -> None:
    send = advance_copy_sent()
    delivery = Delivery.objects.get(send=send)
    assert delivery.sent_at is not None
    # The recipient's link from four networks within hours of the advance copy: theirs first.
    for hour, address in enumerate(["203.0.113.10", "100.64.1.9", "100.64.2.9", "100.64.3.9"]):
        AssetClickFactory.create(
            delivery=delivery,
            asset=send.release.assets.first(),
            clicked_at=delivery.sent_at + timedelta(hours=hour + 1),
            network_hash=network_hash(address),
        )
    page = chinese_page(wing, reverse("admin:distribution_send_leaks", args=[send.release.pk]))
    for chinese in [
        "外洩報告",
        "每條附件連結都標明發送對象。",
        "連結曾從 4 個不同網絡使用。",
        "禁發時間前有 3 次瀏覽，並非來自收件人或其郵件閘道。",
        "網絡 4",
        "2025年8月31日 11:00:00",  # its first visit, an hour after the advance copy, in HKT
        "真人",
        "之前",
        "時間以 Asia/Hong_Kong 顯示。",
    ]:
        assert chinese in page
    no_english(page, "Links used from", "visits before the embargo", "a person", "Times in")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_morning_after_report_reaches_her_in_chinese(wing: Client, settings: Any) -> None:
    wing_user = get_user_model().objects.get(username="demo")
    send = Send.objects.select_related("release").get()
    started = send.release.embargo_until
    assert started is not None
    Release.objects.filter(pk=send.release.pk).update(created_by=wing_user)
    Send.objects.filter(pk=send.pk).update(status=Send.Status.SENT, started_at=started)
    Delivery.objects.filter(send=send).update(
        status=Delivery.Status.BOUNCED, sent_at=started, error="550 5.1.1 mailbox unknown"
    )
    with time_machine.travel(started + timedelta(hours=settings.MORNING_AFTER_HOURS), tick=False):
        assert morning_after_send() == 1

    [message] = [m for m in mail.outbox if m.to == [wing_user.email]]
    assert message.subject.startswith("翌日成效報告：")
    html = str(message.alternatives[0][0])  # type: ignore[attr-defined]
    for text in (str(message.body), html):
        for chinese in [
            "主要傳媒機構",
            "須處理的退回",
            "550 5.1.1 mailbox unknown",
            "圖表見附件 PDF",
        ]:
            assert chinese in text
        no_english(text, "Top outlets", "Bounces to fix", "For immediate release", "The charts")
    assert "成效頁面：" in message.body
    assert "打開成效頁面" in html
    [(_name, pdf, _type)] = message.attachments
    report = pdf_text(bytes(pdf))
    for chinese in [
        "由收件人到真人讀者",
        "9月1日 10:00",
        "主要傳媒機構",
        "藍色：首次開啟",
        "須處理的退回",
    ]:
        assert chinese in report
    no_english(report, "From recipients to people", "01 Sep", "Top outlets", "Blue: first opens")

    results = chinese_page(wing, reverse("admin:distribution_send_results", args=[send.pk]))
    assert "下載這份報告（PDF）" in results
    assert "這篇新聞稿的外洩報告" in results


def test_one_english_word_reads_as_what_it_names_on_each_page(wing: Client) -> None:
    """ "Status" or "Scheduled" name different things on one page: the catalogue's contexts
    (pgettext) give each its own Chinese."""
    release = Release.objects.get(slug=RELEASE_SLUG)
    page = chinese_page(wing, reverse("admin:pressroom_release_change", args=[release.pk]))
    assert "<span>狀態:</span>" in page  # the release's own status
    assert "<th>發送狀態</th><th>安排時間</th>" in page  # its sends' status and time
    send = Send.objects.get()
    detail = chinese_page(wing, reverse("admin:distribution_send_change", args=[send.pk]))
    assert "<dt>安排時間</dt>" in detail
    results = chinese_page(wing, reverse("admin:distribution_send_results", args=[send.pk]))
    assert ">投遞狀態</label>" in results
    assert "<th>投遞狀態</th>" in results
    contact = Delivery.objects.get(send=send).contact
    assert contact is not None
    history = chinese_page(wing, reverse("admin:contacts_mediacontact_change", args=[contact.pk]))
    assert "<th>投遞狀態</th>" in history  # beside the contact's own 狀態
    templates = chinese_page(wing, reverse("admin:pressroom_releasetemplate_changelist"))
    assert "更新時間" in templates
    assert "已更新" not in templates
