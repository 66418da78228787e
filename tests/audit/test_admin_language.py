"""Each staff user chooses the admin's language: Wing reads it in Traditional Chinese whatever
her browser says; Olive keeps English. The choice is stored, and holds at the next login."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry, UserPreference
from releases.workflow import release_submit
from tests.factories import ReleaseFactory, SendFactory, UserFactory

pytestmark = pytest.mark.django_db


def officer(username: str) -> Any:
    user = UserFactory.create(username=username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="pressroom",
            codename__in=["view_release", "change_release", "submit_release"],
        )
    )
    return user


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_user_who_chose_chinese_sees_the_admin_in_chinese() -> None:
    wing = officer("wing")
    UserPreference.objects.create(user=wing, language="zh-hant")
    text = logged_in(wing).get(reverse("admin:index")).content.decode()
    assert "登出" in text  # Django's own "Log out"
    assert 'lang="zh-hant"' in text


def test_the_choice_is_made_from_the_header_and_kept() -> None:
    wing = officer("wing")
    client = logged_in(wing)
    assert "登出" not in client.get(reverse("admin:index")).content.decode()
    response = client.post(
        reverse("admin_language"), {"language": "zh-hant", "next": reverse("admin:index")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert "登出" in client.get(reverse("admin:index")).content.decode()
    assert UserPreference.objects.get(user=wing).language == "zh-hant"
    # A new login (another browser) finds the choice again.
    assert "登出" in logged_in(wing).get(reverse("admin:index")).content.decode()


def test_our_own_pages_and_dates_follow_the_language() -> None:
    wing = officer("wing")
    UserPreference.objects.create(user=wing, language="zh-hant")
    release = ReleaseFactory.create(bilingual=True, created_by=wing)
    release_submit(release=release, by=wing)
    page = logged_in(wing).get(reverse("admin:pressroom_release_change", args=[release.pk]))
    text = page.content.decode()
    assert "退回草稿" in text  # "Back to draft"
    assert "歷史" in text  # "History"
    assert "審批中" in text  # the status, "In review"
    assert "年" in text[text.index('id="history"') :]  # 2026年11月27日 …
    assert "HKT" in text


def test_the_language_menu_refuses_to_send_you_elsewhere() -> None:
    client = logged_in(officer("olive"))
    response = client.post(
        reverse("admin_language"), {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("admin:index")


def test_an_english_choice_wins_over_a_chinese_browser() -> None:
    olive = officer("olive")
    UserPreference.objects.create(user=olive, language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(olive)
    assert "Log out" in client.get(reverse("admin:index")).content.decode()


def test_the_schedule_page_follows_the_language() -> None:
    wing = officer("wing")
    wing.user_permissions.add(
        Permission.objects.get(content_type__app_label="distribution", codename="add_send")
    )
    UserPreference.objects.create(user=wing, language="zh-hant")
    release = ReleaseFactory.create(bilingual=True, status="approved")
    text = (
        logged_in(wing)
        .get(reverse("admin:distribution_send_schedule", args=[release.pk]))
        .content.decode()
    )
    assert "發送前檢查" in text  # "Review before sending"
    assert "安排發送" in text  # "Schedule send", in the breadcrumbs


def test_a_refusal_is_shown_in_chinese_and_logged_in_english() -> None:
    wing = officer("wing")
    UserPreference.objects.create(user=wing, language="zh-hant")
    release = ReleaseFactory.create(bilingual=True)
    response = logged_in(wing).post(
        reverse("admin:pressroom_release_transition", args=[release.pk, "withdraw"]), follow=True
    )
    assert "只有機構內部的公關人員才能撤回新聞稿。" in response.content.decode()
    refused = AuditEntry.objects.get(action=Action.REFUSED)
    assert "Only an in-house officer can withdraw a release." in refused.summary


def test_the_send_progress_page_follows_the_language() -> None:
    wing = officer("wing")
    wing.user_permissions.add(
        Permission.objects.get(content_type__app_label="distribution", codename="view_send")
    )
    UserPreference.objects.create(user=wing, language="zh-hant")
    send = SendFactory.create(release=ReleaseFactory.create(bilingual=True, status="approved"))
    page = logged_in(wing).get(reverse("admin:distribution_send_change", args=[send.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "進度" in text  # "Progress"
    assert "查看每封電郵" in text  # "See every delivery"
