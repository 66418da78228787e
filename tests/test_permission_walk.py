"""The permission model as a test (security review): every routed URL, admin included, asked
with GET and POST by every kind of person, filled with the ids of objects that person may not
see. A response may never show such an object (its marker text), never answer 500, and a POST
may never change what the person may not change. The rules live in one place: `ACCESS` (what
kind of URL each route is) and `World.hidden_from` (what each person may not see, as
contacts/scoping.py and the README's roles table say). A URL missing from `ACCESS` fails
`test_every_url_has_an_owner`."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import URLResolver, get_resolver

from audit.models import AuditEntry
from contacts.models import (
    DistributionList,
    ImportJob,
    MediaContact,
    Membership,
    Organisation,
    PRContact,
    Suppression,
)
from coverage.models import CoverageItem
from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from distribution.tokens import unsubscribe_token
from events.models import Event, Rsvp
from releases.models import (
    Asset,
    Boilerplate,
    Correction,
    Release,
    ReleaseComment,
    ReleaseSourceFile,
    ReleaseTemplate,
    ReleaseTranslation,
)
from releases.workflow import release_comment
from tests.factories import (
    AgencyFactory,
    AssetClickFactory,
    AssetFactory,
    DeliveryEventFactory,
    DeliveryFactory,
    DistributionListFactory,
    EventFactory,
    IssuerFactory,
    MediaContactFactory,
    MembershipFactory,
    OrganisationFactory,
    PRContactFactory,
    ReleaseFactory,
    ReleaseTemplateFactory,
    ReleaseTranslationFactory,
    SendFactory,
    SuppressionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# --- What kind of URL each route is -----------------------------------------------------------
# object: an admin page of one object (its id from the URL name's model); release / send: a
# page of one release or send; job: one import; list: a page of many (no id); public: the
# newsroom; token: a journalist's signed link; webhook: an ESP's post; ops: operators' probes;
# superuser: Django's and axes' own models, for superusers only; session: log in and out;
# redirect: the admin's bare object URL, which redirects to the object's change page.
ADMIN_MODELS = {
    "auth_group": "superuser", "auth_user": "superuser", "axes_accessattempt": "superuser",
    "axes_accesslog": "superuser", "axes_accessfailurelog": "superuser",
    "pressroom_boilerplate": "object", "pressroom_releasetemplate": "object",
    "pressroom_issuer": "object", "pressroom_release": "object", "pressroom_correction": "object",
    "pressroom_asset": "object",
    "contacts_organisation": "object", "contacts_membership": "object",
    "contacts_prcontact": "object", "contacts_beat": "object", "contacts_outlet": "object",
    "contacts_mediacontact": "object", "contacts_distributionlist": "object",
    "contacts_suppression": "object", "distribution_send": "object",
    "distribution_delivery": "object", "distribution_deliveryevent": "object",
    "distribution_assetclick": "object", "audit_auditentry": "object",
    "coverage_coverageitem": "object", "coverage_outletfeed": "object",
    "events_event": "object", "events_rsvp": "object", "privacy_accessrequest": "object",
    "subscriptions_subscriber": "object",
}  # fmt: skip
ACCESS: dict[str, str] = {
    **{f"admin:{m}_{page}": "list" for m in ADMIN_MODELS for page in ("changelist", "add")},
    **{
        f"admin:{m}_{page}": ADMIN_MODELS[m]
        for m in ADMIN_MODELS
        for page in ("history", "delete", "change")
    },
    **{
        f"admin:{m}_changelist": "superuser"
        for m, kind in ADMIN_MODELS.items()
        if kind == "superuser"
    },
    "admin:auth_user_password_change": "superuser",
    "admin:pressroom_release_transition": "release",
    "admin:pressroom_release_approve": "release",
    "admin:pressroom_release_comment": "release",
    "admin:pressroom_release_finding_checked": "release",
    "admin:pressroom_release_from_template": "list",
    "admin:pressroom_release_intake": "list",
    "admin:pressroom_release_source_file": "release",
    "admin:contacts_outlet_import_job": "job",
    "admin:contacts_outlet_import_progress": "job",
    "admin:contacts_outlet_process_import": "list",
    "admin:contacts_outlet_import": "list",
    "admin:contacts_outlet_export": "list",
    "admin:contacts_mediacontact_import_job": "job",
    "admin:contacts_mediacontact_import_progress": "job",
    "admin:contacts_mediacontact_process_import": "list",
    "admin:contacts_mediacontact_import": "list",
    "admin:contacts_mediacontact_export": "list",
    "admin:contacts_distributionlist_rule_preview": "list",
    "admin:contacts_distributionlist_export": "list",
    "admin:contacts_suppression_export": "list",
    "admin:distribution_send_schedule": "release",
    "admin:distribution_send_preview_any": "release",
    "admin:distribution_send_preview": "release",
    "admin:distribution_send_test": "release",
    "admin:distribution_send_embargo": "release",
    "admin:distribution_send_embargo_lift": "release",
    "admin:distribution_send_leaks": "release",
    "admin:distribution_send_progress": "send",
    "admin:distribution_send_results": "send",
    "admin:distribution_send_results_export": "send",
    "admin:distribution_send_cancel": "send",
    "admin:distribution_send_pause": "send",
    "admin:distribution_send_resume": "send",
    "admin:distribution_send_retry_failed": "send",
    "admin:distribution_send_embargo_update": "send",
    "admin:distribution_send_follow_up": "send",
    "admin:distribution_send_report_pdf": "send",
    "admin:distribution_outbox": "list",
    "admin:distribution_sending_check": "list",
    "admin:distribution_sending_domains": "list",
    "admin:distribution_outbox_message": "send",
    "admin:distribution_outbox_raw": "send",
    "admin:coverage_coverageitem_capture": "object",
    "admin:coverage_coverageitem_import": "list",
    "admin:coverage_coverageitem_period_report": "list",
    "admin:coverage_coverageitem_report": "release",
    "admin:coverage_coverageitem_decide": "object",
    "admin:events_event_transition": "object",
    "admin:privacy_accessrequest_export": "object",
    "admin:privacy_accessrequest_erase": "object",
    "admin:events_event_invite": "object",
    "admin:events_event_update": "object",
    "admin:events_event_door": "object",
    "admin:events_event_door_ticks": "object",
    "admin:events_event_attendance": "object",
    "admin:events_event_release_to_guests": "object",
    "admin:index": "list",
    "admin:app_list": "list",
    "admin:autocomplete": "list",
    "admin:jsi18n": "list",
    "admin:view_on_site": "release",
    "admin:login": "session",
    "admin:logout": "session",
    "admin:password_change": "session",
    "admin:password_change_done": "session",
    "admin_language": "session",
    **{
        f"{esp}_tracking_webhook": "webhook"
        for esp in ("amazon_ses", "mailgun", "postmark", "brevo", "resend", "mailersend", "postal")
    },
    "distribution:asset-link": "token",
    "distribution:unsubscribe": "token",
    "events:rsvp": "token",
    "distribution:healthz": "ops",
    "distribution:metrics": "ops",
    **{
        f"newsroom_files:{name}": "public"
        for name in (
            "file",
            "image",
            "print",
            "preview-file",
            "preview-image",
            "preview-print",
            "sitemap",
            "sitemap-file",
            "presskit",
            "robots",
        )
    },
    "newsroom_events:list": "public",
    "subscriptions:subscribe": "public",
    "subscriptions:confirm": "token",
    "subscriptions:manage": "token",
    "newsroom_events:calendar": "public",
    **{
        f"newsroom:{name}": "public"
        for name in (
            "index",
            "release-by-id",
            "release",
            "asset",
            "feed-rss",
            "feed-atom",
            "preview",
            "preview-asset",
        )
    },
    # Unnamed routes: the admin's bare object URLs (they redirect to the change page), the
    # outbox's catch-all and the admin's catch-all (both "not found").
    **{f"admin/{m.replace('_', '/', 1)}/<path:object_id>/": "redirect" for m in ADMIN_MODELS},
    "admin/distribution/send/outbox/<path:rest>": "list",
    "admin/(?P<url>.*)$": "list",
}

ROLES = ["anonymous", "viewer", "agency_a", "agency_b", "park", "port", "approver"]


def _parameters(path: str) -> list[str]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", path) + re.findall(r"\(\?P<(\w+)>", path)
    return names


def test_every_url_has_an_owner() -> None:
    missing = [key for key in _full_patterns() if key not in ACCESS]
    assert missing == [], "add these to ACCESS in tests/test_permission_walk.py"


# --- The world: two issuers, two agencies, and something of each -----------------------------


M = TypeVar("M", bound=models.Model)


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, models.Model]
    markers: dict[str, str]  # object name -> text only that object's pages carry
    hidden_from: dict[str, set[str]] = field(default_factory=dict)

    def hidden(self, role: str, model: type[M]) -> M | None:
        for name in sorted(self.hidden_from[role]):
            found = self.objects[name]
            if isinstance(found, model):
                return found
        return None


def _person(name: str, group: str | None, organisation: Organisation | None) -> Any:
    user = UserFactory.create(username=name)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if organisation is not None:
        MembershipFactory.create(user=user, organisation=organisation)
    return user


def _release(issuer: Any, marker: str, **fields: Any) -> Release:
    release = ReleaseFactory.create(issuer=issuer, slug=marker.lower(), **fields)
    ReleaseTranslationFactory.create(release=release, headline=marker)
    return release


@pytest.fixture
def world() -> World:
    park, port = (OrganisationFactory.create(name_en=n) for n in ("Park Comms", "Port Comms"))
    agency_a = AgencyFactory.create(name_en="Agency A")
    agency_b = AgencyFactory.create(name_en="MARKAGENCYB")
    park_issuer, port_issuer = (
        IssuerFactory.create(organisation=park),
        IssuerFactory.create(organisation=port),
    )
    rel_a = _release(park_issuer, "MARKRELA", status=Release.Status.SCHEDULED, embargoed=True)
    rel_a.agencies.add(agency_a)
    rel_park = _release(park_issuer, "MARKRELPARK", status=Release.Status.IN_REVIEW)
    rel_port = _release(port_issuer, "MARKRELPORT", status=Release.Status.IN_REVIEW)
    in_house_only = MediaContactFactory.create(email="markinhouse@daily.example.com")
    list_park = DistributionListFactory.create(name="MARKLISTPARK", owner=park)
    list_park.members.add(in_house_only)
    list_a = DistributionListFactory.create(name="MARKLISTA", owner=agency_a)
    list_b = DistributionListFactory.create(name="MARKLISTB", owner=agency_b)
    objects: dict[str, models.Model] = {
        "rel_a": rel_a, "rel_park": rel_park, "rel_port": rel_port,
        "list_park": list_park, "list_a": list_a, "list_b": list_b,
        "in_house_only": in_house_only, "agency_b": agency_b,
        "pr_b": PRContactFactory.create(organisation=agency_b, name_en="MARKPRB"),
        "tpl_port": ReleaseTemplateFactory.create(issuer=port_issuer, name="MARKTPLPORT"),
        "asset_port": AssetFactory.create(release=rel_port, caption_en="MARKASSETPORT"),
        "correction_port": Correction.objects.create(
            release=rel_port, note_en="MARKCORRECTIONPORT", note_zh_hant="更正"
        ),
    }  # fmt: skip
    for name, release in (("a", rel_a), ("park", rel_park), ("port", rel_port)):
        send = SendFactory.create(release=release, status=Send.Status.SCHEDULED)
        delivery = DeliveryFactory.create(send=send, email=f"mark{name}send@daily.example.com")
        objects[f"send_{name}"] = send
        objects[f"delivery_{name}"] = delivery
        objects[f"event_{name}"] = DeliveryEventFactory.create(delivery=delivery)
        objects[f"click_{name}"] = AssetClickFactory.create(delivery=delivery)
    users = {
        "viewer": _person("vera", "Viewer", park),
        "agency_a": _person("agnes", "Agency PR officer", agency_a),
        "agency_b": _person("bert", "Agency PR officer", agency_b),
        "park": _person("pat", "In-house PR officer", park),
        "port": _person("quinn", "In-house PR officer", port),
        "approver": _person("abby", "In-house approver", park),
    }
    release_comment(release=rel_port, by=users["port"], text="MARKCOMMENTPORT")
    objects["entry_port"] = AuditEntry.objects.get(summary="MARKCOMMENTPORT")
    objects["membership_b"] = Membership.objects.get(user=users["agency_b"])
    objects["job_b"] = ImportJob.objects.create(
        kind=ImportJob.Kind.CONTACTS, file_name="MARKJOBB.csv", created_by=users["agency_b"]
    )
    objects["suppression"] = SuppressionFactory.create(email="marksuppressed@daily.example.com")
    # Made directly: the admin and the services attach coverage only to public releases.
    coverage_port = CoverageItem.objects.create(
        url="https://news.example.com/markcovport", canonical_url="https://news.example.com/x",
        headline="MARKCOVPORT",
    )  # fmt: skip
    coverage_port.releases.add(rel_port)
    objects["coverage_port"] = coverage_port
    for name, issuer in (("park", park_issuer), ("port", port_issuer)):
        marker = f"MARKEVENT{name.upper()}"
        objects[f"event_of_{name}"] = event = EventFactory.create(issuer=issuer, title_en=marker)
        objects[f"rsvp_{name}"] = Rsvp.objects.create(
            event=event, email=f"markrsvp{name}@daily.example.com", answer=Rsvp.Answer.ACCEPTED,
            answered_at=event.starts_at - timedelta(days=1),
        )  # fmt: skip
    markers = {
        "rel_a": "MARKRELA", "rel_park": "MARKRELPARK", "rel_port": "MARKRELPORT",
        "list_park": "MARKLISTPARK", "list_a": "MARKLISTA", "list_b": "MARKLISTB",
        "in_house_only": "markinhouse@", "agency_b": "MARKAGENCYB", "pr_b": "MARKPRB",
        "tpl_port": "MARKTPLPORT", "asset_port": "MARKASSETPORT",
        "correction_port": "MARKCORRECTIONPORT",
        "delivery_a": "markasend@", "delivery_park": "markparksend@",
        "delivery_port": "markportsend@", "entry_port": "MARKCOMMENTPORT",
        "job_b": "MARKJOBB", "suppression": "marksuppressed@", "coverage_port": "MARKCOVPORT",
        "event_of_park": "MARKEVENTPARK", "event_of_port": "MARKEVENTPORT",
        "rsvp_park": "markrsvppark@", "rsvp_port": "markrsvpport@",
    }  # fmt: skip
    of_release = {
        release: {f"{kind}_{release}" for kind in ("send", "delivery", "event", "click")}
        for release in ("a", "park", "port")
    }
    port_things = {
        "rel_port", "tpl_port", "asset_port", "entry_port", "correction_port", "coverage_port",
        "event_of_port", "rsvp_port", *of_release["port"],
    }  # fmt: skip
    park_things = {"rel_a", "rel_park", "event_of_park", "rsvp_park", *of_release["a"],
                   *of_release["park"]}  # fmt: skip
    # An event is an agency's only when assigned to it (or announcing its release): not these.
    agency_never = {"in_house_only", "list_park", "suppression", "entry_port", "tpl_port",
                    "event_of_park", "rsvp_park"}  # fmt: skip
    hidden = {
        "park": port_things | {"job_b"},
        "viewer": port_things | {"job_b"},
        "approver": port_things | {"job_b"},
        "port": park_things | {"job_b"},
        "agency_a": port_things
        | agency_never
        | {"rel_park", *of_release["park"], "list_b", "agency_b", "pr_b", "job_b"}
        | {"membership_b"},
        "agency_b": port_things
        | agency_never
        | {"rel_a", "rel_park", *of_release["a"], *of_release["park"], "list_a"},
        "anonymous": set(objects),
    }
    return World(users=users, objects=objects, markers=markers, hidden_from=hidden)


# --- The walk ---------------------------------------------------------------------------------

MODEL_OF = {
    "pressroom_boilerplate": Boilerplate, "pressroom_releasetemplate": ReleaseTemplate,
    "pressroom_release": Release, "pressroom_correction": Correction, "pressroom_asset": Asset,
    "contacts_membership": Membership,
    "contacts_prcontact": PRContact, "contacts_mediacontact": MediaContact,
    "contacts_distributionlist": DistributionList, "contacts_organisation": Organisation,
    "contacts_suppression": Suppression, "distribution_send": Send,
    "distribution_delivery": Delivery, "distribution_deliveryevent": DeliveryEvent,
    "distribution_assetclick": AssetClick, "audit_auditentry": AuditEntry,
    "coverage_coverageitem": CoverageItem, "events_event": Event, "events_rsvp": Rsvp,
}  # fmt: skip


def _fill(key: str, params: list[str], world: World, role: str) -> dict[str, str] | None:
    """The URL's parameters, naming something `role` may not see where there is an id."""
    release = world.hidden(role, Release) or Release.objects.get(slug="markrelport")
    send = world.hidden(role, Send) or Send.objects.get(release=release)
    values: dict[str, str] = {}
    for name in params:
        if name == "object_id":
            model = next((MODEL_OF[m] for m in MODEL_OF if m in key.replace("/", "_")), None)
            target = world.hidden(role, model) if model else None
            if target is None:
                return None  # nothing of that model is hidden from this role
            values[name] = str(target.pk)
        elif name in ("release_id", "pk"):
            values[name] = str(release.pk)
        elif name == "event_id":
            event = world.hidden(role, Event)
            if event is None:
                return None
            values[name] = str(event.pk)
        elif name == "send_id":
            values[name] = str(send.pk)
        elif name == "job_id":
            if "job_b" not in world.hidden_from[role]:
                return None  # the role's own import
            values[name] = str(world.objects["job_b"].pk)
        elif name == "asset_pk":
            values[name] = str(world.objects["asset_port"].pk)
        elif name == "token":
            delivery = world.hidden(role, Delivery) or world.objects["delivery_port"]
            values[name] = unsubscribe_token(delivery.pk) + "tampered"
        else:
            values[name] = {
                "name": "back_to_draft", "variant": "en", "what": "recipients", "fmt": "csv",
                "filename": "photo.jpg", "rendition": "w480", "slug": release.slug,
                "rest": "x/../y", "content_type_id": "1", "url": "nothing/",
                "app_label": "contacts",
            }.get(name, "1")  # fmt: skip
    return values


def _url(values: dict[str, str], full: str) -> str:
    path = full
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", value, path)
    return "/" + path.lstrip("^").rstrip("$")


def _fingerprint() -> str:
    """What a POST must not change: the workflow and sending state, and everything's count."""
    digest = hashlib.sha256()
    for model in (Release, Send, DistributionList, MediaContact, Suppression, Membership,
                  PRContact, ReleaseComment, Asset, ReleaseTemplate, Organisation,
                  ReleaseSourceFile, CoverageItem, Event, Rsvp):  # fmt: skip
        digest.update(f"{model.__name__}:{model.objects.count()}".encode())
    digest.update(
        str(
            list(Release.objects.order_by("pk").values_list("pk", "status", "issuer", "slug"))
        ).encode()
    )
    digest.update(
        str(
            list(ReleaseTranslation.objects.order_by("pk").values_list("headline", "body"))
        ).encode()
    )
    digest.update(str(list(Correction.objects.order_by("pk").values_list("status"))).encode())
    digest.update(str(list(Send.objects.order_by("pk").values_list("pk", "status"))).encode())
    digest.update(
        str(list(CoverageItem.objects.order_by("pk").values_list("headline", "status"))).encode()
    )
    digest.update(
        str(list(Event.objects.order_by("pk").values_list("status", "title_en"))).encode()
    )
    return digest.hexdigest()


def _full_patterns() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                inner = namespace
                if item.namespace:
                    inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item, prefix + str(item.pattern), inner)
            else:
                full = prefix + str(item.pattern)
                key = f"{namespace}:{item.name}" if namespace and item.name else item.name
                found.setdefault(key or full, full)

    walk(get_resolver(), "", "")
    return found


DENIED = {400, 403, 404, 405}


@pytest.mark.parametrize("role", ROLES)
def test_no_url_shows_or_changes_what_the_role_may_not_see(
    world: World, role: str, settings: Any, tmp_path: Any
) -> None:
    settings.OUTBOX_DIR = tmp_path
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    forbidden = {world.markers[name] for name in world.hidden_from[role] if name in world.markers}
    problems: list[str] = []
    for key, full in _full_patterns().items():
        kind = ACCESS[key]
        if kind in {"webhook", "ops", "session"}:
            continue  # their own suites: signed posts, scrape tokens, the login throttle
        params = _parameters(full)
        values = _fill(key, params, world, role)
        if values is None:
            continue
        url = _url(values, full)
        for method in ("get", "post"):
            before = _fingerprint()
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace") if not response.streaming else ""
            status = response.status_code
            if status >= 500:
                problems.append(f"{method.upper()} {url}: {status}")
            shown = sorted(marker for marker in forbidden if marker in body)
            if shown:
                problems.append(f"{method.upper()} {url} ({status}) shows {shown}")
            if _fingerprint() != before:
                problems.append(f"{method.upper()} {url} ({status}) changed what it may not")
            names_an_id = any(
                p in params for p in ("object_id", "release_id", "send_id", "job_id", "event_id")
            )
            if names_an_id and kind in {"object", "release", "send", "job", "superuser"}:
                to_login = status == 302 and "/admin/login/" in response.get("Location", "")
                if not (status in DENIED or to_login):
                    problems.append(f"{method.upper()} {url}: {status} for a hidden object")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ["viewer", "agency_a"])
def test_what_a_role_sees_it_cannot_change_beyond_its_rights(world: World, role: str) -> None:
    """The viewer changes nothing on any release page; an agency officer cannot stop its own
    scheduled release's send."""
    client = Client()
    client.force_login(world.users[role])
    release = Release.objects.get(slug="markrelpark" if role == "viewer" else "markrela")
    steps = [
        f"/admin/pressroom/release/{release.pk}/workflow/{name}/"
        for name in ("submit", "approve", "back_to_draft", "withdraw")
    ] + [
        f"/admin/pressroom/release/{release.pk}/approve/",
        f"/admin/pressroom/release/{release.pk}/findings/checked/",
    ]
    if role == "viewer":
        steps.append(f"/admin/pressroom/release/{release.pk}/comment/")
    for url in steps:
        before = _fingerprint()
        response = client.post(url, {"text": "MARK", "seen_hash": release.content_hash()})
        assert response.status_code < 500, url
        assert _fingerprint() == before, url


@pytest.mark.parametrize("role", ["viewer", "agency_a", "agency_b", "park", "port", "approver"])
def test_the_pages_of_what_a_role_sees_show_nothing_it_may_not(world: World, role: str) -> None:
    """Every change page of an object the role may see, and a list's rule preview matching
    everyone, carry no marker of what it may not see (an agency's rule preview
    named the in-house team's own contacts)."""
    DistributionList.objects.update(rule_languages=["en", "zh-hant", "both"])
    client = Client()
    client.force_login(world.users[role])
    forbidden = {world.markers[name] for name in world.hidden_from[role] if name in world.markers}
    problems = []
    for name, obj in world.objects.items():
        if name in world.hidden_from[role]:
            continue
        opts = obj._meta
        if type(obj) not in admin.site._registry:
            continue  # shown on its release's or owner's page
        url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
        response = client.get(url)
        if response.status_code not in (200, 403):  # 403: the role may not read that model
            problems.append(f"{url}: {response.status_code}, not the page")
        body = response.content.decode()
        problems += [f"{url} shows {marker}" for marker in forbidden if marker in body]
        if isinstance(obj, DistributionList):
            preview = client.post(
                "/admin/contacts/distributionlist/rule-preview/",
                {"list": obj.pk, "rule_languages": ["en", "zh-hant", "both"]},
            ).content.decode()
            problems += [f"rule preview of {name} shows {m}" for m in forbidden if m in preview]
    assert problems == [], "\n".join(problems)
