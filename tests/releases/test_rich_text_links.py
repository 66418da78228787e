"""A web address the officer types in the editor before a full-width 「。」: the editor links it
as it is typed and takes the 「。」 into the link; saved, the link stops at the address, on the
newsroom and in the journalist's email."""

import pytest
from django.test import Client

from releases.models import Release, ReleaseTranslation
from tests.factories import PublicReleaseFactory

TYPED = (
    '<p>高清相片請按此處下載：<a target="_blank" href="https://photos.example.com/gii2025。">'
    "https://photos.example.com/gii2025。</a>如有查詢，請聯絡我們。</p>"
)
SAVED = (
    '<a href="https://photos.example.com/gii2025">https://photos.example.com/gii2025</a>。如有查詢'
)


def saved_chinese(release: Release) -> ReleaseTranslation:
    translation = release.translations.get(language="zh-hant")
    translation.body = TYPED
    translation.full_clean()  # what the release form does
    translation.save()
    return translation


@pytest.mark.django_db
def test_the_saved_link_stops_before_the_full_width_full_stop() -> None:
    translation = saved_chinese(PublicReleaseFactory.create())

    assert SAVED in translation.body
    assert "gii2025。" not in translation.body


@pytest.mark.django_db
def test_the_newsroom_links_the_address_alone(anonymous: Client) -> None:
    release = PublicReleaseFactory.create()
    saved_chinese(release)

    page = anonymous.get(f"/zh-hant/releases/{release.pk}-{release.slug}/").content.decode()

    assert 'href="https://photos.example.com/gii2025"' in page
    assert "gii2025。" not in page.replace("gii2025</a>。", "")
