"""The media library: an officer finds a photo of an earlier release in the admin (by a Chinese
caption or the release's headline) and reuses it in a new release without uploading it again.
The new row names the same stored file and takes its rights; it follows its own release's
embargo. Media of a release still under embargo cannot be reused, and an agency sees only the
media of the releases assigned to it."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from contacts.models import Organisation
from releases.models import Asset, Release
from tests.factories import (
    AgencyFactory,
    IssuerFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)
from tests.media_files import photo_with_gps
from tests.personas import persona

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 9, 20, 2, 0, tzinfo=UTC)
LATER = datetime(2025, 10, 1, 2, 0, tzinfo=UTC)  # the new release's embargo


@pytest.fixture(autouse=True)
def now() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def team() -> Organisation:
    return IssuerFactory.create().organisation


def release_of(team: Organisation, headline: str, **fields: Any) -> Release:
    issuer = IssuerFactory.create(organisation=team)
    made = ReleaseFactory.create(issuer=issuer, **{"status": Release.Status.PUBLISHED, **fields})
    ReleaseTranslationFactory.create(release=made, zh_hant=True, headline=headline)
    return made


def headshot(release: Release) -> Asset:
    asset = Asset(
        release=release, kind=Asset.Kind.PHOTO, caption_en="The chairman, Dr Chan",
        caption_zh_hant="主席陳博士", alt_en="Dr Chan smiling, in a grey suit",
        credit="Photo: Harbourfront Park", licence=Asset.Licence.FREE,
    )  # fmt: skip
    asset.file.save("chairman.jpg", ContentFile(photo_with_gps()), save=True)
    return asset


def officer_of(team: Organisation) -> Client:
    client = Client()
    client.force_login(persona("alice", team))
    return client


def post_reuse(client: Client, release: Release, source: Asset, **row: str) -> Any:
    """The release's change form as the admin sends it, with one new media row."""
    translation = release.translations.get()
    data = {
        "issuer": str(release.issuer_id), "slug": release.slug, "release_type": "embargoed",
        "release_date": "2025-10-01", "embargo_until_0": "2025-10-01",
        "embargo_until_1": "10:00:00", "dateline_en": "Hong Kong", "dateline_zh_hant": "香港",
        "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "1",
        "translations-0-id": str(translation.pk), "translations-0-release": str(release.pk),
        "translations-0-language": "zh-hant", "translations-0-headline": translation.headline,
        "translations-0-body": "<p>新一期計劃開幕。</p>",
        "assets-TOTAL_FORMS": "1", "assets-INITIAL_FORMS": "0", "assets-0-order": "0",
        "assets-0-kind": "document", "assets-0-licence": "editorial",
        "assets-0-reused_from": str(source.pk),
        **{f"assets-0-{name}": value for name, value in row.items()},
        "enquiry_links-TOTAL_FORMS": "0", "enquiry_links-INITIAL_FORMS": "0",
    }  # fmt: skip
    return client.post(reverse("admin:pressroom_release_change", args=[release.pk]), data)


def test_an_officer_reuses_a_published_photo_and_it_follows_the_new_release_s_embargo(
    team: Organisation, asset_store: Path
) -> None:
    gii = release_of(team, "集群奪全球第一", release_date=date(2025, 9, 1))
    source = headshot(gii)
    new = release_of(
        team, "創科計劃開幕", status=Release.Status.DRAFT, release_type="embargoed",
        embargo_until=LATER, release_date=date(2025, 10, 1),
    )  # fmt: skip

    response = post_reuse(officer_of(team), new, source, caption_zh_hant="陳博士在開幕禮上")

    assert response.status_code == 302, response.content.decode()[-3000:]
    reused = new.assets.get()
    assert reused.reused_from == source
    assert reused.file.name == source.file.name  # stored once
    assert len(list((asset_store / "assets").iterdir())) == 1
    assert (reused.kind, reused.credit, reused.licence) == (
        Asset.Kind.PHOTO, "Photo: Harbourfront Park", Asset.Licence.FREE,
    )  # fmt: skip
    assert reused.caption_zh_hant == "陳博士在開幕禮上"  # typed: kept
    assert reused.caption_en == "The chairman, Dr Chan"  # empty: from the library
    assert reused.alt_en == "Dr Chan smiling, in a grey suit"

    new.status = Release.Status.SCHEDULED
    new.save()
    reader = Client()
    original = f"/files/{reused.pk}/original/chairman.jpg"
    assert reader.get(original).status_code == 404  # the new release is under embargo
    assert reader.get(f"/files/{source.pk}/original/chairman.jpg").status_code == 200
    gii.delete()  # the first release goes: the file it shared stays
    with time_machine.travel(LATER, tick=False):
        assert reader.get(original).status_code == 200
        assert reader.get(f"/files/{reused.pk}/w480.jpg").status_code == 200


def test_media_of_a_release_under_embargo_cannot_be_reused(team: Organisation) -> None:
    secret = release_of(
        team, "新產品發布", status=Release.Status.SCHEDULED, release_type="embargoed",
        embargo_until=LATER + timedelta(days=5),
    )  # fmt: skip
    source = headshot(secret)
    new = release_of(
        team, "創科計劃開幕", status=Release.Status.DRAFT, release_type="embargoed",
        embargo_until=LATER,
    )  # fmt: skip
    client = Client()
    client.force_login(persona("wing", team))  # reads the admin in Chinese

    response = post_reuse(client, new, source)

    assert response.status_code == 200
    page = response.content.decode()
    assert "所屬的新聞稿尚未公開" in page
    assert not new.assets.exists()

    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "pressroom", "model_name": "asset", "field_name": "reused_from",
         "term": "主席"},
    ).json()  # fmt: skip
    assert found["results"] == []  # not offered either


def test_the_library_finds_media_by_chinese_caption_or_headline_and_agencies_see_their_own(
    team: Organisation,
) -> None:
    gii = release_of(team, "集群奪全球第一")
    source = headshot(gii)
    other = release_of(team, "人才計劃開幕")
    Asset.objects.create(
        release=other, kind=Asset.Kind.VIDEO, caption_zh_hant="開幕典禮",
        external_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )  # fmt: skip
    agency = AgencyFactory.create()
    gii.agencies.add(agency)
    library = reverse("admin:pressroom_asset_changelist")
    officer = officer_of(team)
    charlie = Client()
    charlie.force_login(persona("charlie", agency))

    by_caption = officer.get(library, {"q": "主席"}).content.decode()
    by_headline = officer.get(library, {"q": "人才計劃"}).content.decode()
    for_agency = charlie.get(library).content.decode()
    offered = charlie.get(
        reverse("admin:autocomplete"),
        {"app_label": "pressroom", "model_name": "asset", "field_name": "reused_from",
         "term": ""},
    ).json()  # fmt: skip

    assert "The chairman, Dr Chan" in by_caption
    assert "chairman.jpg" in by_caption
    assert f'src="/preview/files/{source.pk}/w480.jpg"' in by_caption
    assert "開幕典禮" not in by_caption
    assert "開幕典禮" in by_headline
    assert "The chairman, Dr Chan" not in by_headline
    assert "The chairman, Dr Chan" in for_agency
    assert "開幕典禮" not in for_agency  # that release is not assigned to the agency
    assert [row["id"] for row in offered["results"]] == [str(source.pk)]
    hidden = other.assets.get()
    change = reverse("admin:pressroom_asset_change", args=[hidden.pk])
    assert charlie.get(change).status_code == 404
    assert officer.get(change).status_code == 200  # read here
    assert officer.post(change, {"caption_en": "x"}).status_code == 403  # edited with its release
