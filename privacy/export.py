"""Everything Pressroom holds about one person, found by their address: their contact record and
list memberships, every email sent to them with its tracking events and asset clicks,
suppressions, coverage attributed to them, their replies to press invitations and arrivals at
the door, and the audit log's entries about their record. As a ZIP: the data as JSON, and the
same as a page a person can read, in English and Chinese, times in Hong Kong time."""

import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AuditEntry
from contacts.models import MediaContact, Suppression, normalise_email
from coverage.models import CoverageItem
from distribution.models import AssetClick, Delivery, DeliveryEvent
from events.models import Attendance, Rsvp
from releases.models import format_in_zone
from subscriptions.models import Subscriber


def _when(moment: Any) -> str:
    return format_in_zone(moment, settings.TIME_ZONE) if moment else ""


def person_data(email: str) -> dict[str, Any]:
    address = normalise_email(email)
    contacts = list(
        MediaContact.objects.filter(email=address)
        .select_related("outlet")
        .prefetch_related("beats", "lists")
    )
    deliveries = list(
        Delivery.objects.filter(email=address)
        .select_related("send__release")
        .prefetch_related(
            "send__release__translations",
            Prefetch("events", queryset=DeliveryEvent.objects.order_by("occurred_at", "pk")),
            Prefetch("clicks", queryset=AssetClick.objects.select_related("asset")),
        )
        .order_by("pk")
    )
    return {
        "email": address,
        "exported_at": _when(timezone.now()),
        "contacts": [_contact(contact) for contact in contacts],
        "suppressions": [
            {"reason": s.get_reason_display(), "since": _when(s.created_at), "note": s.note}
            for s in Suppression.objects.filter(email=address)
        ],
        "emails": [_delivery(delivery) for delivery in deliveries],
        "subscriptions": [
            {
                "language": s.get_language_display(),
                "topics": [topic.name_en for topic in s.topics.all()],
                "asked": _when(s.created_at),
                "confirmed": _when(s.confirmed_at),
                "ended": _when(s.unsubscribed_at),
            }
            for s in Subscriber.objects.filter(email=address).prefetch_related("topics")
        ],
        "coverage": [
            {
                "headline": item.headline,
                "url": item.url,
                "published": _when(item.published_at),
            }
            for item in CoverageItem.objects.filter(journalist__in=contacts).order_by("pk")
        ],
        "event_replies": [
            {
                "event": str(r.event.title_en),
                "answer": r.get_answer_display(),
                "attending": r.attendees,
                "as": r.get_role_display(),
                "answered": _when(r.answered_at),
            }
            for r in Rsvp.objects.filter(email=address).select_related("event")
        ],
        "arrivals": [
            {
                "event": str(a.event.title_en),
                "arrived": _when(a.arrived_at),
                "name": a.name,
                "outlet": a.outlet,
            }
            for a in Attendance.objects.filter(email=address).select_related("event")
        ],
        "record_history": [
            {
                "when": _when(e.created_at),
                "who": e.actor_name,
                "what": e.get_action_display(),
                "summary": e.summary,
            }
            for e in AuditEntry.objects.filter(
                content_type__app_label="contacts",
                content_type__model="mediacontact",
                object_id__in=[str(contact.pk) for contact in contacts],
            ).order_by("created_at")
        ],
    }


def _contact(contact: MediaContact) -> dict[str, Any]:
    return {
        "name_en": contact.name_en,
        "name_zh_hant": contact.name_zh_hant,
        "email": contact.email,
        "outlet": str(contact.outlet) if contact.outlet else "",
        "job_title": contact.job_title,
        "phone": contact.phone,
        "preferred_language": contact.get_preferred_language_display(),
        "status": contact.get_status_display(),
        "legal_basis": contact.get_consent_basis_display(),
        "source": contact.source,
        "notes": contact.notes,
        "beats": [str(beat) for beat in contact.beats.all()],
        "lists": [item.name for item in contact.lists.all()],
        "added": _when(contact.created_at),
    }


def _delivery(delivery: Delivery) -> dict[str, Any]:
    release = delivery.send.release
    headline = next(
        (t.headline for t in release.translations.all() if t.language == delivery.language),
        next((t.headline for t in release.translations.all()), ""),
    )
    return {
        "release": headline,
        "kind": delivery.send.get_kind_display(),
        "status": delivery.get_status_display(),
        "sent": _when(delivery.sent_at),
        "opened": _when(delivery.opened_at),
        "clicked": _when(delivery.clicked_at),
        "unsubscribed": _when(delivery.unsubscribed_at),
        "events": [
            {
                "what": event.event_type,
                "when": _when(event.occurred_at),
                "description": event.description,
                "user_agent": event.user_agent,
            }
            for event in delivery.events.all()
        ],
        "asset_clicks": [
            {
                "asset": click.asset.caption_en if click.asset else "",
                "when": _when(click.clicked_at),
                "user_agent": click.user_agent,
                "network_hash": click.network_hash,
            }
            for click in delivery.clicks.all()
        ],
    }


def person_zip(email: str) -> bytes:
    data = person_data(email)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        contacts = [
            {key: ", ".join(value) if isinstance(value, list) else value
             for key, value in contact.items()}
            for contact in data["contacts"]
        ]  # fmt: skip
        page = render_to_string("privacy/report.html", {"data": data, "contacts": contacts})
        archive.writestr("report.html", page)
    return out.getvalue()
