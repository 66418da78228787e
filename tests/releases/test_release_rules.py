"""What `full_clean()` refuses on a release, its translations and its assets: the errors a PR
officer sees in the admin before anything is saved."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import modelform_factory

from releases.models import Asset, Release, ReleaseTranslation
from tests.factories import (
    AssetFactory,
    IssuerFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)

pytestmark = pytest.mark.django_db

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT
ASSET_SOURCE_ERROR = "Upload a file or give an external link, not both or neither."
Status = Release.Status
ReleaseType = Release.ReleaseType


def errors_of(instance: models.Model) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# Embargo time


def test_it_refuses_an_embargoed_release_without_an_embargo_time() -> None:
    release = ReleaseFactory.build(
        issuer=IssuerFactory.create(), release_type=ReleaseType.EMBARGOED, embargo_until=None
    )
    assert errors_of(release) == {
        "embargo_until": ["An embargoed release needs the time its embargo lifts."]
    }


@time_machine.travel(EMBARGO + timedelta(hours=1), tick=False)
def test_it_refuses_a_new_embargo_that_has_already_passed() -> None:
    release = ReleaseFactory.build(
        issuer=IssuerFactory.create(), release_type=ReleaseType.EMBARGOED, embargo_until=EMBARGO
    )
    [message] = errors_of(release)["embargo_until"]
    assert "1 Sep 2025 10:00 HKT has already passed" in message


@time_machine.travel(EMBARGO, tick=False)
def test_it_refuses_a_new_embargo_set_to_this_very_moment() -> None:
    release = ReleaseFactory.build(
        issuer=IssuerFactory.create(), release_type=ReleaseType.EMBARGOED, embargo_until=EMBARGO
    )
    assert "already passed" in errors_of(release)["embargo_until"][0]


@time_machine.travel(EMBARGO - timedelta(microseconds=1), tick=False)
def test_it_accepts_a_new_embargo_still_in_the_future() -> None:
    release = ReleaseFactory.build(
        issuer=IssuerFactory.create(), release_type=ReleaseType.EMBARGOED, embargo_until=EMBARGO
    )
    release.full_clean()


def test_it_still_accepts_a_saved_release_whose_embargo_has_since_passed() -> None:
    with time_machine.travel(EMBARGO - timedelta(days=2), tick=False):
        release = ReleaseFactory.create(
            status=Status.SCHEDULED, release_type=ReleaseType.EMBARGOED, embargo_until=EMBARGO
        )
        release.full_clean()

    with time_machine.travel(EMBARGO + timedelta(days=1), tick=False):
        release = Release.objects.get(pk=release.pk)
        release.status = Status.PUBLISHED
        release.dateline_en = "Hong Kong SAR"
        release.full_clean()  # the officer edits a published release: the old embargo stays

        release.embargo_until = EMBARGO + timedelta(hours=1)  # a different time, also past
        assert "already passed" in errors_of(release)["embargo_until"][0]


def test_it_refuses_an_embargo_time_on_a_release_for_immediate_release() -> None:
    release = ReleaseFactory.build(
        issuer=IssuerFactory.create(), release_type=ReleaseType.IMMEDIATE, embargo_until=EMBARGO
    )
    [message] = errors_of(release)["embargo_until"]
    assert message.startswith("A release for immediate release has no embargo time")


def test_the_database_refuses_an_embargoed_release_without_an_embargo_time() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFactory.create(release_type=ReleaseType.EMBARGOED, embargo_until=None)


# Leaving draft


def test_it_says_a_release_without_a_translation_cannot_leave_draft() -> None:
    release = ReleaseFactory.create(status=Status.IN_REVIEW)
    problem = release.leave_draft_problem()
    assert problem is not None
    assert "at least one language before it can leave draft" in problem


def test_it_has_no_leave_draft_problem_for_a_draft() -> None:
    assert ReleaseFactory.create(status=Status.DRAFT).leave_draft_problem() is None


def test_it_has_no_leave_draft_problem_once_a_translation_exists() -> None:
    release = ReleaseFactory.create(status=Status.APPROVED)
    ReleaseTranslationFactory.create(release=release, zh_hant=True)
    assert release.leave_draft_problem() is None


def test_it_counts_translations_the_caller_already_has() -> None:
    release = ReleaseFactory.build(status=Status.APPROVED)
    assert release.leave_draft_problem(translation_count=0) is not None
    assert release.leave_draft_problem(translation_count=2) is None


# Translations


def test_it_keeps_one_translation_per_language() -> None:
    english = ReleaseTranslationFactory.create()
    ReleaseTranslationFactory.create(release=english.release, zh_hant=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseTranslationFactory.create(release=english.release, language="en")
    assert english.release.languages() == ["en", "zh-hant"]


def test_it_refuses_a_language_the_site_does_not_offer(settings: object) -> None:
    settings.LANGUAGES = [("en", "English"), ("zh-hant", "繁體中文")]  # type: ignore[attr-defined]
    translation = ReleaseTranslationFactory.build(
        release=ReleaseFactory.create(), language="zh-hans", headline="创新集群夺全球第一"
    )
    assert errors_of(translation) == {
        "language": ["Choose one of the languages offered: en, zh-hant."]
    }


def test_it_accepts_simplified_chinese_once_the_site_offers_it(settings: object) -> None:
    settings.LANGUAGES = [  # type: ignore[attr-defined]
        ("en", "English"),
        ("zh-hant", "繁體中文"),
        ("zh-hans", "简体中文"),
    ]
    translation = ReleaseTranslationFactory.build(
        release=ReleaseFactory.create(), language="zh-hans", headline="创新集群夺全球第一"
    )
    translation.full_clean()


def test_it_sanitises_the_body_html_an_officer_pastes_in() -> None:
    release = ReleaseFactory.create()
    form_class = modelform_factory(
        ReleaseTranslation, fields=["release", "language", "headline", "body"]
    )
    form = form_class(
        data={
            "release": release.pk,
            "language": "en",
            "headline": "Innovation cluster ranked first",
            "body": (
                '<p onclick="steal()">The cluster is <strong>first</strong>.</p>'
                "<script>alert('x')</script>"
                '<p><a href="javascript:alert(1)">photos</a></p>'
            ),
        }
    )
    assert form.is_valid(), form.errors
    form.save()

    # The script goes with its content, the handler and the javascript: link target go, the
    # formatting stays.
    body = ReleaseTranslation.objects.get(release=release, language="en").body
    assert body == "<p>The cluster is <strong>first</strong>.</p><p><a>photos</a></p>"


# Assets


def test_it_refuses_an_asset_with_both_a_file_and_a_link() -> None:
    asset = AssetFactory.build(
        release=ReleaseFactory.create(),
        file="assets/0123/chairman.jpg",
        external_url="https://drive.example.com/photos/1",
    )
    assert ASSET_SOURCE_ERROR in errors_of(asset)["__all__"]


def test_it_refuses_an_asset_with_neither_a_file_nor_a_link() -> None:
    asset = AssetFactory.build(release=ReleaseFactory.create(), file="", external_url="")
    assert ASSET_SOURCE_ERROR in errors_of(asset)["__all__"]


@pytest.mark.parametrize(
    "where",
    [
        {"file": "assets/0123/chairman.jpg", "external_url": ""},
        {"file": "", "external_url": "https://drive.example.com/photos/1"},
    ],
)
def test_it_accepts_an_asset_with_a_file_or_a_link(where: dict[str, str]) -> None:
    asset = AssetFactory.build(release=ReleaseFactory.create(), **where)
    asset.full_clean()
    asset.save()
    assert Asset.objects.filter(pk=asset.pk).exists()


def test_it_explains_a_bad_asset_once_in_the_officers_words() -> None:
    asset = AssetFactory.build(release=ReleaseFactory.create(), file="", external_url="")
    assert errors_of(asset) == {"__all__": [ASSET_SOURCE_ERROR]}


@time_machine.travel(EMBARGO + timedelta(hours=1), tick=False)
def test_it_names_a_passed_embargo_in_the_issuers_time_zone() -> None:
    release = ReleaseFactory.build(
        issuer=IssuerFactory.create(time_zone="Europe/London"),
        release_type=ReleaseType.EMBARGOED,
        embargo_until=EMBARGO,
    )
    assert "1 Sep 2025 03:00 BST has already passed" in errors_of(release)["embargo_until"][0]
