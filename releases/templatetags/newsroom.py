"""Template helpers of the newsroom: language tags, datelines and times in the issuer's zone,
bilingual names, asset addresses (public or preview) and the language switch."""

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from contacts.models import Beat, PRContact
from releases.models import Asset, Release, format_in_zone, sanitise_html
from releases.newsroom import topic_name as _topic_name
from releases.players import Player, external_player
from releases.renditions import print_filename

register = template.Library()

_OG_LOCALES = {"en": "en_GB", "zh-hant": "zh_HK", "zh-hans": "zh_CN"}
_MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _chinese(language: str) -> bool:
    return language.startswith("zh")


@register.filter
def bcp47(language: str) -> str:
    """Django's 'zh-hant' as HTML and hreflang write it: 'zh-Hant'."""
    parts = language.split("-")
    return "-".join([parts[0], *(p.title() if len(p) == 4 else p.upper() for p in parts[1:])])


@register.filter
def og_locale(language: str) -> str:
    return _OG_LOCALES.get(language, language.replace("-", "_"))


@register.filter
def newsroom_html(html: str) -> SafeString:
    """Rich text from the database, cleaned again on the way out: rows written outside the admin
    form (imports, bulk loads) never skipped the sanitiser."""
    return mark_safe(sanitise_html(html or ""))  # noqa: S308 -- nh3 has just cleaned it


@register.simple_tag
def dateline(release: Release, language: str) -> str:
    """'Hong Kong, 1 September 2025' or '香港，2025 年 9 月 1 日', as a release opens."""
    day: date = release.release_date
    if _chinese(language):
        place = release.dateline_zh_hant or release.dateline_en
        return f"{place}，{day.year} 年 {day.month} 月 {day.day} 日"
    place = release.dateline_en or release.dateline_zh_hant
    return f"{place}, {day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


@register.simple_tag
def moment(value: datetime | None, language: str, zone: str | None = None) -> str:
    """A time in the issuer's zone with its abbreviation: '1 Sep 2025 10:00 HKT' or
    '2025 年 9 月 1 日 10:00 HKT'."""
    if value is None:
        return ""
    if not _chinese(language):
        with translation.override("en"):  # whatever language the admin around it speaks
            return format_in_zone(value, zone)
    local = value.astimezone(zoneinfo.ZoneInfo(zone or settings.TIME_ZONE))
    return f"{local.year} 年 {local.month} 月 {local.day} 日 {local:%H:%M} {local.tzname()}"


@register.filter
def topic_name(topic: Beat, language: str) -> str:
    return _topic_name(topic, language)


@register.filter
def caption(asset: Asset, language: str) -> str:
    return asset.caption(language)


@register.filter
def alt_text(asset: Asset, language: str) -> str:
    return asset.alt(language)


@register.filter
def contact_name(contact: PRContact, language: str) -> str:
    if _chinese(language) and contact.name_zh_hant:
        return contact.name_zh_hant
    return contact.name_en


@register.filter
def contact_title(contact: PRContact, language: str) -> str:
    if _chinese(language) and contact.title_zh_hant:
        return contact.title_zh_hant
    return contact.title_en


@register.filter
def organisation_name(contact: PRContact, language: str) -> str:
    organisation = contact.organisation
    if _chinese(language) and organisation.name_zh_hant:
        return organisation.name_zh_hant
    return organisation.name_en


_COUNTRY_CODE_IN_BRACKETS = re.compile(r"^\s*\((\d{1,3})\)")


@register.filter
def tel(phone: str) -> str:
    """A tel: target for a phone number as PR officers write it: '(852) 5550 0101' and
    '+852 5550 0101' both become '+85255500101'."""
    number = _COUNTRY_CODE_IN_BRACKETS.sub(r"+\1", phone or "")
    return re.sub(r"(?!^\+)[^0-9]", "", number.strip())


@register.filter
def safe_link(url: str) -> str:
    """An external link only if it is http(s): a stored 'javascript:' link becomes nothing."""
    return url if urlsplit(url or "").scheme in {"http", "https"} else ""


@register.filter
def player(url: str) -> Player | None:
    """The privacy-enhanced YouTube or Vimeo player of an external link (releases/players.py)."""
    return external_player(url)


@register.simple_tag(takes_context=True)
def asset_url(context: dict[str, Any], asset: Asset, variant: str = "original") -> str:
    """The address of an asset's file ('original'), its print rendition ('print') or a
    rendition shown in pages ('w480', 'w1200', 'social'): the public, embargo-checked one, or
    the staff-only one in a preview."""
    prefix = "newsroom_files:preview-" if context.get("preview") else "newsroom_files:"
    if variant == "original":
        return reverse(prefix + "file", kwargs={"asset_pk": asset.pk, "filename": asset.filename})
    if variant == "print":
        return reverse(
            prefix + "print", kwargs={"asset_pk": asset.pk, "filename": print_filename(asset)}
        )
    return reverse(prefix + "image", kwargs={"asset_pk": asset.pk, "rendition": variant})


@register.simple_tag(takes_context=True)
def asset_page_url(context: dict[str, Any], asset: Asset, release: Release) -> str:
    if context.get("preview"):
        return reverse("newsroom:preview-asset", kwargs={"pk": release.pk, "asset_pk": asset.pk})
    return reverse(
        "newsroom:asset", kwargs={"pk": release.pk, "slug": release.slug, "asset_pk": asset.pk}
    )


@register.simple_tag(takes_context=True)
def absolute(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """This page in every language offered, query string kept. An error page links to the index
    instead: its bytes must not depend on the address asked for (see views.not_found)."""
    request = context.get("request")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if request is None or context.get("error_page"):
            with translation.override(code):
                url = reverse("newsroom:index")
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(LanguageLink(code=code, name=name, url=url, current=code == current))
    return links
