"""The embargo-leak scan (DESIGN.md rule 2): every address the project routes, read from
the URLconf and not from a hand-kept list, is requested for an embargoed release by three
visitors who must learn nothing of it: an anonymous reader, an agency officer whose agency the
release is not assigned to, and a mail gateway's link scanner. Path parameters are filled with
the release's own ids, slug, asset ids, file name and signed link tokens wherever they fit, so a
new route that forgets the embargo is found the day it is added. No answer may carry the
headline, any translation's text, an asset's caption, link or bytes; every answer about the
release (an address filled with its ids) must say `no-store`, so no cache keeps it either."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.html import strip_tags

from distribution.models import Delivery, Send
from distribution.tokens import asset_token, unsubscribe_token
from events.models import Event, Rsvp
from releases.models import Asset, Release, ReleaseTranslation
from releases.renditions import SHOWN, print_filename
from tests.factories import (
    AgencyFactory,
    AssetClickFactory,
    AssetFactory,
    DeliveryEventFactory,
    DeliveryFactory,
    DistributionListFactory,
    EnquiryContactFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    SendFactory,
    UploadedPhotoFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT
BEFORE = EMBARGO - timedelta(minutes=5)
LANGUAGES = {code for code, _ in settings.LANGUAGES}
SCANNER_AGENT = "Mozilla/5.0 (compatible; Barracuda Sentinel link scanner; +safelinks)"


@dataclass
class Embargoed:
    release: Release
    translations: list[ReleaseTranslation]
    photo: Asset
    video: Asset
    send: Send
    delivery: Delivery
    objects: dict[type[Model], Model]  # the release's own row of each model the admin shows

    def needles(self) -> list[bytes]:
        """What no visitor may read before the embargo: every translation's text, each asset's
        caption and link, and a run of the uploaded photo's bytes."""
        texts: list[str] = []
        for version in self.translations:
            texts += [version.headline, version.subheadline]
            texts += [line.strip() for line in strip_tags(version.body).splitlines()]
        for asset in (self.photo, self.video):
            texts += [asset.caption_en, asset.caption_zh_hant, asset.external_url]
        found = [text.encode() for text in texts if len(text.strip()) >= 8]
        self.photo.file.open("rb")
        data = self.photo.file.read()
        self.photo.file.close()
        found.append(data[len(data) // 2 : len(data) // 2 + 48])
        return found


@pytest.fixture
def embargoed(settings: Any, tmp_path: Any) -> Embargoed:
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(EMBARGO - timedelta(days=2), tick=False):
        park = OrganisationFactory.create(name_en="Park Comms")
        release = ReleaseFactory.create(
            issuer__organisation=park,
            status=Release.Status.SCHEDULED,
            release_type=Release.ReleaseType.EMBARGOED,
            embargo_until=EMBARGO,
            slug="quasar-cluster-tops-index",
        )
        release.agencies.add(AgencyFactory.create(name_en="Assigned Agency"))
        translations = [
            ReleaseTranslationFactory.create(
                release=release,
                headline="Quasar cluster tops the innovation index",
                subheadline="Nebula park leads the world for the first time",
                body="<p>Kowloon, 1 September 2025 - The quasar cluster beat forty rivals.</p>",
            ),
            ReleaseTranslationFactory.create(
                release=release,
                zh_hant=True,
                headline="星雲集群登上創新指數榜首",
                subheadline="星雲科技園首度領先全球",
                body="<p>九龍，2025 年 9 月 1 日 - 星雲集群今日擊敗四十個對手。</p>",
            ),
        ]
        photo = UploadedPhotoFactory.create(release=release, caption_en="Chairman under the dome")
        video = AssetFactory.create(
            release=release,
            kind=Asset.Kind.VIDEO,
            external_url="https://drive.example.com/quasar-secret-video",
        )
        enquiry = EnquiryContactFactory.create(release=release)
        desk = DistributionListFactory.create(owner=park)
        send = SendFactory.create(
            release=release, lists=[desk], status=Send.Status.SCHEDULED, scheduled_at=EMBARGO
        )
        delivery = DeliveryFactory.create(send=send)
        event = DeliveryEventFactory.create(delivery=delivery)
        click = AssetClickFactory.create(delivery=delivery, asset=photo)
        # A press conference announcing it, with a reply to its invitation. Listed on the
        # newsroom, its description giving the headline away: the listing and its calendar
        # must keep it until the embargo lifts.
        press_event = EventFactory.create(
            issuer=release.issuer, release=release, starts_at=EMBARGO - timedelta(hours=2),
            ends_at=EMBARGO - timedelta(hours=1), status="approved", listed_on_newsroom=True,
            embargo_until=EMBARGO, description_en="Quasar cluster tops the innovation index",
            description_zh_hant="星雲集群登上創新指數榜首",
        )  # fmt: skip
        reply = Rsvp.objects.create(
            event=press_event, email=delivery.email, answer=Rsvp.Answer.ACCEPTED,
            answered_at=BEFORE,
        )  # fmt: skip
    objects: dict[type[Model], Model] = {
        Release: release,
        ReleaseTranslation: translations[0],
        Asset: photo,
        type(enquiry): enquiry,
        Send: send,
        Delivery: delivery,
        type(event): event,
        type(click): click,
        type(desk): desk,
        Event: press_event,
        Rsvp: reply,
    }
    return Embargoed(release, translations, photo, video, send, delivery, objects)


# --- Every route, from the URLconf ------------------------------------------------------------

Part = URLPattern | URLResolver


def routes(
    patterns: list[Any], prefix: tuple[Part, ...] = (), namespace: str = ""
) -> Iterator[tuple[tuple[Part, ...], str]]:
    """Each routed view as the chain of patterns that leads to it, with its full name."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, (*prefix, entry), inner)
        else:
            yield (*prefix, entry), f"{namespace}{entry.name or ''}"


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>(?:[^()]|\([^()]*\))*)\)")


def candidates(name: str, url_name: str, at: Embargoed) -> list[str]:
    """The release's own values for a parameter, most telling first ([]: none fits)."""
    release, photo, video, delivery = at.release, at.photo, at.video, at.delivery
    if name == "object_id":
        # admin:<app>_<model>_<view>: the release's own row of that model, if it has one
        match = re.fullmatch(r"admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_\w+", url_name)
        try:
            model = apps.get_model(match["app"], match["model"]) if match else None
        except LookupError:
            model = None
        row = at.objects.get(model) if model else None
        return [str(row.pk)] if row else []
    if name == "token":
        if "unsubscribe" in url_name:
            return [unsubscribe_token(delivery.pk)]
        return [asset_token(delivery.pk, photo.pk), asset_token(delivery.pk, video.pk)]
    if name == "event_id":
        return [str(at.objects[Event].pk)]
    return {
        "pk": [str(release.pk)],
        "slug": [release.slug],
        "asset_pk": [str(photo.pk), str(video.pk)],
        "filename": [print_filename(photo) if url_name.endswith("print") else photo.filename],
        "rendition": list(SHOWN),
    }.get(name, [])


# A parameter that names nothing of the release gets the first of these its pattern takes.
GENERIC = ["pressroom", "480", "1", "x", "1/1", "a-b"]


@dataclass
class Address:
    url: str
    name: str
    about_the_release: bool  # filled with the release's own ids, slug or tokens


def fill(chain: tuple[Part, ...], url_name: str, at: Embargoed, language: str) -> list[Address]:
    """The addresses to request for one route: its parameters filled with the release's values
    where they fit (one address per value of the parameter that has most)."""
    text = ""
    slots: dict[str, tuple[list[str], bool]] = {}
    for part in chain:
        pattern = part.pattern
        if isinstance(pattern, LocalePrefixPattern):
            text += f"{language}/"
        elif isinstance(pattern, RoutePattern):
            route = str(pattern)
            for match in _ROUTE_PARAM.finditer(route):
                converter = pattern.converters.get(match["name"])
                regex = converter.regex if converter else "[^/]+"
                slots[match["name"]] = fitting(match["name"], regex, url_name, at)
            text += _ROUTE_PARAM.sub(lambda m: "{" + m["name"] + "}", route)
        elif isinstance(pattern, RegexPattern):
            regex = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            for match in _REGEX_GROUP.finditer(regex):
                slots[match["name"]] = fitting(match["name"], match["regex"], url_name, at)
            regex = _REGEX_GROUP.sub(lambda m: "{" + m["name"] + "}", regex)
            text += re.sub(r"\\(.)", r"\1", regex)
    about = any(own for _, own in slots.values())
    widest = max((len(values) for values, _ in slots.values()), default=1)
    addresses = []
    for index in range(widest):
        chosen = {name: values[min(index, len(values) - 1)] for name, (values, _) in slots.items()}
        addresses.append(Address("/" + text.format(**chosen), url_name, about))
    return addresses


def fitting(name: str, regex: str, url_name: str, at: Embargoed) -> tuple[list[str], bool]:
    own = [value for value in candidates(name, url_name, at) if re.fullmatch(regex, value)]
    if own:
        return own, True
    return [next(value for value in GENERIC if re.fullmatch(regex, value))], False


def all_addresses(at: Embargoed) -> list[Address]:
    found: dict[str, Address] = {}
    for chain, url_name in routes(get_resolver().url_patterns):
        for language in ("en", "zh-hant"):
            for address in fill(chain, url_name, at, language):
                found.setdefault(address.url, address)
    return sorted(found.values(), key=lambda address: address.url)


# --- The visitors ----------------------------------------------------------------------------


def visitors() -> dict[str, Client]:
    agency_officer = UserFactory.create(username="outsider", is_staff=True)
    agency_officer.groups.add(Group.objects.get(name="Agency PR officer"))
    MembershipFactory.create(user=agency_officer, organisation=AgencyFactory.create())
    outsider = Client()
    outsider.force_login(agency_officer)
    return {
        "anonymous": Client(),
        "agency officer without access": outsider,
        "link scanner": Client(HTTP_USER_AGENT=SCANNER_AGENT),
    }


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def leaks(response: Any, needles: list[bytes], *, about_the_release: bool) -> list[str]:
    content = body(response)
    found = [needle.decode(errors="replace")[:60] for needle in needles if needle in content]
    if response.get("Content-Type", "").startswith("image/"):
        found.append("an image")
    if about_the_release and "no-store" not in response.get("Cache-Control", ""):
        found.append(f"no no-store (Cache-Control: {response.get('Cache-Control')!r})")
    return found


def scan(at: Embargoed) -> list[str]:
    """Request every address as every visitor, following redirects, five minutes before the
    embargo lifts; list what each answer gave away."""
    needles = at.needles()
    problems = []
    people = visitors()
    with time_machine.travel(BEFORE, tick=False):
        for address in all_addresses(at):
            try:
                prefix = address.url.split("/")[1]  # /zh-hant/… resolves in that language
                with translation.override(prefix if prefix in LANGUAGES else None):
                    resolve(address.url)
            except Resolver404:
                problems.append(f"{address.url} ({address.name}): the filled address is not routed")
                continue
            for who, client in people.items():
                response = client.get(address.url, follow=True)
                where = f"{address.url} ({address.name}) as {who}"
                # 503 is /healthz saying a part is down (no beat runs here), never an error
                assert response.status_code == 503 or response.status_code < 500, where
                for leak in leaks(response, needles, about_the_release=address.about_the_release):
                    problems.append(f"{where}: {leak}")
    return problems


def test_no_route_leaks_an_embargoed_release(embargoed: Embargoed) -> None:
    addresses = all_addresses(embargoed)
    names = {address.name for address in addresses}
    # The scan reaches every surface: if one of these goes missing the walk is broken.
    for surface in (
        "newsroom:release",
        "newsroom:asset",
        "newsroom:feed-rss",
        "newsroom:preview",
        "newsroom_files:file",
        "newsroom_files:presskit",
        "newsroom_files:image",
        "newsroom_files:print",
        "newsroom_files:sitemap",
        "newsroom_files:sitemap-file",
        "distribution:asset-link",
        "distribution:unsubscribe",
        "admin:pressroom_release_change",
        "admin:distribution_send_change",
    ):
        assert surface in names, f"the scan never reached {surface}"
    urls = [address.url for address in addresses]
    assert any(url.startswith(f"/zh-hant/releases/{embargoed.release.pk}-") for url in urls)
    assert any(url.startswith("/anymail/") for url in urls)

    problems = scan(embargoed)

    assert problems == [], "\n".join(problems)


def test_the_scan_sees_the_release_once_its_embargo_lifts(embargoed: Embargoed) -> None:
    """The needles are real: after the embargo the same release is on the newsroom, so a scan
    that found nothing before it did so because nothing was there, not because it looks wrong."""
    needles = embargoed.needles()
    url = f"/en/releases/{embargoed.release.pk}-{embargoed.release.slug}/"
    with time_machine.travel(EMBARGO + timedelta(seconds=1), tick=False):
        response = Client(HTTP_USER_AGENT=SCANNER_AGENT).get(url)
    assert response.status_code == 200
    assert leaks(response, needles, about_the_release=True)
