"""A release's address on the newsroom, made from its English headline when the officer leaves
it empty: "gii-2025-cluster-tops-the-index", unique for the issuer ("…-2" when taken). A
release with no English headline gets one from its date ("release-2025-09-01"): Chinese
headlines make no address a journalist could type."""

from datetime import date

from django.utils.text import slugify

from releases.models import Issuer, Release

SLUG_LENGTH = 80


def slug_for(headline_en: str, release_date: date | None, issuer: Issuer | int) -> str:
    base = slugify(headline_en)[:SLUG_LENGTH].strip("-") or (
        f"release-{release_date:%Y-%m-%d}" if release_date else "release"
    )
    taken = Release.objects.filter(issuer=issuer)
    slug, number = base, 2
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
