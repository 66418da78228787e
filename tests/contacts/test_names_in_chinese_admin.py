"""Wing reads the admin in Chinese: the names officers typed in Chinese (topics, organisations,
distribution lists) are the ones she reads there, and no model is counted the English way
(「公關聯絡人s」); Alice, in English, still reads the English names."""

import re
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import (
    BeatFactory,
    DistributionListFactory,
    MediaContactFactory,
    ReleaseFactory,
)

pytestmark = pytest.mark.django_db

A_CHINESE_CHARACTER_THEN_AN_S = re.compile(r"[\u3400-\u9fff]s\b")


@pytest.fixture
def in_house() -> None:
    """Wing and Alice work for no one team here: they see every issuer's releases."""
    return None


def admin_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wings_admin(wing: Any) -> Client:
    return admin_of(wing)


@pytest.fixture
def alices_admin(alice: Any) -> Client:
    return admin_of(alice)


def test_no_model_is_counted_with_an_english_s_in_chinese(wings_admin: Client) -> None:
    pages = []
    for model in admin.site._registry:
        opts: Any = model._meta
        if opts.app_label in {"pressroom", "contacts", "distribution", "coverage", "audit"}:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            pages.append(wings_admin.get(url).content.decode())

    pr_contacts = wings_admin.get(reverse("admin:contacts_prcontact_changelist")).content.decode()
    assert "<h1>選擇 公關聯絡人 來修改</h1>" in pr_contacts
    for page in pages:
        assert not A_CHINESE_CHARACTER_THEN_AN_S.search(page), A_CHINESE_CHARACTER_THEN_AN_S.search(
            page
        )


def test_a_releases_topic_reads_in_chinese_for_wing_and_in_english_for_alice(
    wings_admin: Client, alices_admin: Client
) -> None:
    topic = BeatFactory.create(name_en="Innovation and technology", name_zh_hant="創新科技")
    release = ReleaseFactory.create()
    release.topics.add(topic)
    page = reverse("admin:pressroom_release_change", args=[release.pk])

    assert "創新科技" in wings_admin.get(page).content.decode()
    assert "Innovation and technology" in alices_admin.get(page).content.decode()
    assert "創新科技" not in alices_admin.get(page).content.decode()


def test_the_topic_search_offers_the_chinese_name_in_chinese(wings_admin: Client) -> None:
    BeatFactory.create(name_en="Innovation and technology", name_zh_hant="創新科技")
    found = wings_admin.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "pressroom",
            "model_name": "release",
            "field_name": "topics",
            "term": "創新",
        },
    ).json()

    assert [result["text"] for result in found["results"]] == ["創新科技"]


def test_a_contacts_lists_read_by_their_chinese_name_where_they_have_one(
    wings_admin: Client, alices_admin: Client
) -> None:
    journalist = MediaContactFactory.create(name_zh_hant="李思穎")
    DistributionListFactory.create(
        name="Technology desks", name_zh_hant="科技版編輯", members=[journalist]
    )
    DistributionListFactory.create(name="Finance desks", members=[journalist])
    page = reverse("admin:contacts_mediacontact_change", args=[journalist.pk])

    in_chinese = wings_admin.get(page).content.decode()
    assert "科技版編輯" in in_chinese
    assert "Finance desks" in in_chinese  # no Chinese name: the one it has
    assert "Technology desks" in alices_admin.get(page).content.decode()
