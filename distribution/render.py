"""Build the email for a send: the release parts are rendered once per language variant per send
(subject, text, HTML, from three named templates); per recipient only the name and the signed
links are filled in, and the MIME bytes are assembled directly (Python's `email` package costs
about five times the template render per message, DESIGN.md "Speed").

Variants: "en", "zh-hant", or "both" (Chinese and English side by side), chosen per contact
from their preferred language and what the release has."""

import base64
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.utils import formatdate
from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.translation import override

from distribution.models import Send, message_id_for
from distribution.tokens import asset_token, unsubscribe_token
from releases.models import (
    Asset,
    Release,
    ReleaseTranslation,
    format_in_zone,
    has_own_heading,
)
from releases.sender import release_sender

BOTH = "both"

# Per-message options we ask of an anymail ESP, each only of the ESPs whose API takes it
# (anymail's feature matrix; anymail 15.2's backends). Asked of any other, anymail raises
# AnymailUnsupportedFeature and the message fails, so an option we can do without is never
# asked where it is refused. Not ANYMAIL's IGNORE_UNSUPPORTED_FEATURES: that would also drop,
# silently, whatever else an ESP cannot do. tests/distribution/test_rendering.py builds the
# message for every ESP in EMAIL_BACKEND's list through its real backend.
#
# metadata: our delivery and send ids, echoed in tracking events. Without it (MailerSend,
# Postal) tracking matches an event by our Message-ID or the ESP's message id instead.
ESPS_TAKING_METADATA = frozenset(
    {"Amazon SES", "Brevo", "Mailgun", "Mailjet", "Mailtrap", "Mandrill", "Postmark", "Resend"}
    | {"Scaleway", "SendGrid", "SparkPost", "Unisender Go", "Test"}
)
# track_clicks=False: the ESP must not put its redirect in front of our asset links, which are
# the tracked ones and know who followed them. Where the API has no such option (Amazon SES,
# Brevo, Resend, Postal), click tracking is a setting of the ESP account (SES configuration
# set, Brevo account, Resend or Postal domain) and must be left off there.
ESPS_TAKING_TRACK_CLICKS = frozenset(
    {"MailerSend", "Mailgun", "Mailjet", "Mandrill", "Postmark", "SendGrid", "SparkPost"}
    | {"Unisender Go", "Test"}
)

_MARK = "\x1f"  # placeholders survive autoescaping and never occur in release text
_SLOT = re.compile(_MARK + r"([A-Z]+(?::\d+)?)" + _MARK)
NAME_SLOT = f"{_MARK}NAME{_MARK}"
UNSUBSCRIBE_SLOT = f"{_MARK}UNSUB{_MARK}"


def asset_slot(asset_id: int) -> str:
    return f"{_MARK}ASSET:{asset_id}{_MARK}"


@dataclass(frozen=True)
class Recipient:
    delivery_id: int
    email: str
    name: str
    variant: str
    in_reply_to: str = ""  # the Message-ID of the earlier message in this thread, if any


@dataclass(frozen=True)
class Outgoing:
    """One message ready for a transport: the envelope, the MIME bytes for SMTP, and the parts
    a Django/anymail backend needs."""

    recipient: Recipient
    message_id: str
    subject: str
    subject_header: str
    text: str
    html: str
    headers: dict[str, str]
    # The templates text and html were filled from, so their base64 can start from the part
    # every recipient shares, encoded once.
    templates: "tuple[_Template, _Template] | None" = field(default=None, repr=False, compare=False)
    # Files after the text and HTML: (file name, content, MIME type), e.g. a calendar entry.
    attachments: tuple[tuple[str, bytes, str], ...] = ()

    def mime(self, *, from_header: str, date: str, reply_to: str = "") -> bytes:
        return _mime_bytes(self, from_header=from_header, date=date, reply_to=reply_to)


_BASE64_LINE = 57  # bytes in per line of base64 out (76 characters)


class _Base64Head:
    """The start of a body that no recipient changes, base64-encoded once. Base64 is encoded
    line by line, 57 bytes to a line, so the head cut at a whole number of lines, encoded,
    followed by the rest, encoded, is byte for byte the whole body encoded."""

    def __init__(self, head: str) -> None:
        self.head = head
        raw = head.encode()
        cut = len(raw) - len(raw) % _BASE64_LINE
        self.encoded = _b64_bytes(raw[:cut])
        self.carry = raw[cut:]

    def encode(self, body: str) -> bytes:
        if not body.startswith(self.head):
            return _b64_bytes(body.encode())
        return self.encoded + _b64_bytes(self.carry + body[len(self.head) :].encode())


class _Template:
    """A rendered template cut at its per-recipient slots: filling it is a join."""

    def __init__(self, rendered: str) -> None:
        pieces = _SLOT.split(rendered)
        self.static = pieces[0::2]
        self.slots = pieces[1::2]
        self.base64 = _Base64Head(self.static[0])

    def fill(self, values: dict[str, str]) -> str:
        out = [self.static[0]]
        for slot, static in zip(self.slots, self.static[1:], strict=True):
            out.append(values[slot])
            out.append(static)
        return "".join(out)


@dataclass
class _Variant:
    subject: str
    subject_header: str
    text: _Template
    html: _Template
    assets: list[int] = field(default_factory=list)


def variant_for(preferred_language: str, release_languages: list[str]) -> str:
    """The variant a contact gets: their language if the release has it, both side by side for
    a reader of both when the release has both, else the language the release has."""
    has = [code for code in ("zh-hant", "en") if code in release_languages]
    if not has:
        has = release_languages[:1]
    if preferred_language == BOTH:
        return BOTH if len(has) > 1 else has[0]
    if preferred_language in has:
        return preferred_language
    return has[0]


def _dateline(release: Release, language: str) -> str:
    day = release.release_date
    if language.startswith("zh"):
        return f"{release.dateline_zh_hant}，{day.year} 年 {day.month} 月 {day.day} 日"
    return f"{release.dateline_en.upper()}, {day.day} {day:%B %Y}"


def moment_label(moment: datetime, zone: str, language: str) -> str:
    """'1 Sep 2025 10:00 HKT', or '2025 年 9 月 1 日 10:00 HKT' for a Chinese reader."""
    if language.startswith("zh"):
        local = moment.astimezone(zoneinfo.ZoneInfo(zone))
        return f"{local.year} 年 {local.month} 月 {local.day} 日 {local:%H:%M} {local.tzname()}"
    with override("en"):  # the line journalists' filters look for, whoever's admin sends it
        return format_in_zone(moment, zone)


def embargo_label(release: Release, language: str) -> str:
    assert release.embargo_until is not None
    label = moment_label(release.embargo_until, release.issuer.time_zone, language)
    if language.startswith("zh"):
        return f"禁止發布至 {label}"
    return f"EMBARGOED UNTIL {label}"


def html_to_text(html: str) -> str:
    text = re.sub(r"(?i)<br\s*/?>", "\n", html)
    text = re.sub(r"(?i)</(p|h[1-6]|li|blockquote)>", "\n\n", text)
    text = re.sub(r"(?i)<li[^>]*>", "• ", text)
    text = unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class SendRenderer:
    """Everything about a send's email that does not depend on the recipient, computed once."""

    # Whether its messages carry attachments (the transports' batch APIs carry none).
    attaches_files = False

    def __init__(self, send: Send, *, advance: bool | None = None) -> None:
        self.send = send
        release = (
            Release.objects.select_related("issuer")
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=ReleaseTranslation.objects.select_related("boilerplate_version"),
                )
            )
            .get(pk=send.release_id)
        )
        self.release = release
        self.advance = send.release_kind == Send.Kind.ADVANCE if advance is None else advance
        self.embargo_update = send.kind == Send.Kind.EMBARGO_UPDATE
        self.translations = {t.language: t for t in release.translations.all()}
        self.languages = list(self.translations)
        self.assets = list(Asset.objects.filter(release=release).order_by("order", "pk"))
        self.enquiries = list(
            release.enquiry_links.select_related("pr_contact__organisation").order_by("order", "pk")
        )
        # From the issuer, or the agency that drafted it where the issuer allows (sender.py).
        contacts = [link.pr_contact.email for link in self.enquiries if link.pr_contact.email]
        sender = release_sender(release, enquiry_emails=contacts)
        self.from_email = _display_address(sender.name, sender.address)
        self.from_header = _address_header(sender.name, sender.address)
        self.reply_to = sender.reply_to
        self.site_url = settings.SITE_URL
        self.esp_name = backend_esp_name(settings.EMAIL_BACKEND)
        self._variants: dict[str, _Variant] = {}

    # --- once per variant -------------------------------------------------------------------

    def variant(self, variant: str) -> _Variant:
        if variant not in self._variants:
            self._variants[variant] = self._render_variant(variant)
        return self._variants[variant]

    def _section(self, translation: ReleaseTranslation) -> dict[str, object]:
        language = translation.language
        zh = language.startswith("zh")
        release = self.release
        if self.advance:
            label = embargo_label(release, language)
        else:
            label = "即時發布" if zh else "For immediate release"
        # The boilerplate version the release pins: a release keeps the wording it went out with.
        boilerplate = translation.boilerplate()
        return {
            "language": language,
            "zh": zh,
            "label": label,
            "issuer": release.issuer.name(language),
            "headline": translation.headline,
            "subheadline": translation.subheadline,
            "dateline": _dateline(release, language),
            "body_html": translation.body,
            "body_text": html_to_text(translation.body),
            "boilerplate_html": boilerplate,
            "boilerplate_text": html_to_text(boilerplate),
            # None when the boilerplate starts with its own "About …" heading.
            "about": None if has_own_heading(boilerplate) else (
                f"關於{release.issuer.name(language)}" if zh else
                f"About {release.issuer.name(language)}"
            ),
            "assets": [
                {"caption": asset.caption(language), "kind": _english_kind(asset),
                 "link": asset_slot(asset.pk)}
                for asset in self.assets
            ],
            "enquiries": [
                {
                    "name": (link.pr_contact.name_zh_hant if zh else "") or link.pr_contact.name_en,
                    "organisation": link.pr_contact.organisation.name_zh_hant
                    if zh and link.pr_contact.organisation.name_zh_hant
                    else link.pr_contact.organisation.name_en,
                    "phone": link.pr_contact.phone,
                    "email": link.pr_contact.email,
                }
                for link in self.enquiries
            ],
        }  # fmt: skip

    def _update_section(self, translation: ReleaseTranslation) -> dict[str, object]:
        """An embargo update names the release and the embargo's old and new time."""
        language = translation.language
        zh = language.startswith("zh")
        send, zone = self.send, self.release.issuer.time_zone
        assert send.embargo_from is not None
        assert send.embargo_to is not None
        return {
            "language": language,
            "zh": zh,
            "issuer": self.release.issuer.name(language),
            "headline": translation.headline,
            # Lifted now: the new time is the moment the update goes.
            "lifted": send.scheduled_at is not None and send.embargo_to <= send.scheduled_at,
            "was": moment_label(send.embargo_from, zone, language),
            "now": moment_label(send.embargo_to, zone, language),
        }

    def _render_variant(self, variant: str) -> _Variant:
        codes = ["zh-hant", "en"] if variant == BOTH else [variant]
        if self.embargo_update:
            sections = [self._update_section(self.translations[code]) for code in codes]
            return self._fill("emails/embargo_update", sections, codes, assets=[])
        sections = [self._section(self.translations[code]) for code in codes]
        return self._fill(
            "emails/release", sections, codes, assets=[asset.pk for asset in self.assets]
        )

    def _fill(
        self,
        templates: str,
        sections: list[dict[str, object]],
        codes: list[str],
        *,
        assets: list[int],
    ) -> _Variant:
        """Subject, text and HTML from the three named templates `<templates>_subject.txt`,
        `<templates>.txt` and `<templates>.html`."""
        context: dict[str, object] = {
            "sections": sections,
            "advance": self.advance,
            "name": NAME_SLOT,
            "unsubscribe_url": UNSUBSCRIBE_SLOT,
            "issuer": self.release.issuer,
            "lang": codes[0],
            # The foot (who it was sent to, unsubscribe) in the email's languages, Chinese first.
            "foot_zh": any(code.startswith("zh") for code in codes),
            "foot_en": "en" in codes or not any(code.startswith("zh") for code in codes),
            # The issuer's postal address, in the foot's languages.
            "postal_zh": self.release.issuer.postal_address_zh_hant,
            "postal_en": self.release.issuer.postal_address_en,
        }
        subject = " ".join(render_to_string(f"{templates}_subject.txt", context).split())
        context["subject"] = subject
        return _Variant(
            subject=subject,
            subject_header=Header(subject, "utf-8").encode(linesep="\r\n"),
            text=_Template(render_to_string(f"{templates}.txt", context)),
            html=_Template(render_to_string(f"{templates}.html", context)),
            assets=assets,
        )

    # --- per recipient ----------------------------------------------------------------------

    def slot_values(self, recipient: Recipient) -> dict[str, str]:
        """What fills each per-recipient slot of the text: the name, the unsubscribe link
        ("UNSUB") and each asset's link ("ASSET:<id>"). The HTML takes the name escaped."""
        variant = self.variant(recipient.variant)
        unsubscribe_url = f"{self.site_url}/u/{unsubscribe_token(recipient.delivery_id)}/"
        values = {"NAME": recipient.name or recipient.email, "UNSUB": unsubscribe_url}
        for asset_id in variant.assets:
            values[f"ASSET:{asset_id}"] = (
                f"{self.site_url}/l/{asset_token(recipient.delivery_id, asset_id)}/"
            )
        return values

    def outgoing(self, recipient: Recipient) -> Outgoing:
        variant = self.variant(recipient.variant)
        values = self.slot_values(recipient)
        unsubscribe_url = values["UNSUB"]
        html_values = dict(values, NAME=escape_html(values["NAME"]))
        message_id = message_id_for(recipient.delivery_id, self.send.pk)
        return Outgoing(
            recipient=recipient,
            message_id=message_id,
            subject=variant.subject,
            subject_header=variant.subject_header,
            text=variant.text.fill(values),
            html=variant.html.fill(html_values),
            templates=(variant.text, variant.html),
            headers={
                "Message-ID": message_id,
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "X-Pressroom-Delivery": str(recipient.delivery_id),
                **(
                    {"In-Reply-To": recipient.in_reply_to, "References": recipient.in_reply_to}
                    if recipient.in_reply_to
                    else {}
                ),
            },
        )

    def email_message(self, outgoing: Outgoing) -> EmailMultiAlternatives:
        """The same message as a Django EmailMessage, for anymail ESPs and other backends."""
        recipient = outgoing.recipient
        message = EmailMultiAlternatives(
            subject=outgoing.subject,
            body=outgoing.text,
            from_email=self.from_email,
            to=[_display_address(recipient.name, recipient.email)],
            headers=outgoing.headers,
            reply_to=[self.reply_to] if self.reply_to else None,
        )
        message.attach_alternative(outgoing.html, "text/html")
        for name, content, mimetype in outgoing.attachments:
            message.attach(name, content, mimetype)
        # Each anymail option only where the ESP takes it (ESPS_TAKING_* say why).
        if self.esp_name in ESPS_TAKING_METADATA:
            message.metadata = {  # type: ignore[attr-defined]
                "delivery_id": str(recipient.delivery_id),
                "send_id": str(self.send.pk),
            }
        if self.esp_name in ESPS_TAKING_TRACK_CLICKS:
            message.track_clicks = False  # type: ignore[attr-defined]
        return message


def backend_esp_name(backend: str) -> str | None:
    """The ESP an anymail backend names; None for Django's own backends (which ignore anymail's
    options), or for one that cannot be loaded: the transport reports that when it sends."""
    try:
        return getattr(import_string(backend), "esp_name", None)
    except ImportError:
        return None


def escape_html(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _display_address(name: str, email: str) -> str:
    if not name:
        return email
    cleaned = name.replace('"', "").replace("\r", " ").replace("\n", " ")
    return f'"{cleaned}" <{email}>'


def _address_header(name: str, email: str) -> str:
    if not name:
        return email
    if name.isascii():
        return _display_address(name, email)
    encoded = base64.b64encode(name.encode()).decode()
    return f"=?utf-8?b?{encoded}?= <{email}>"


def _b64_bytes(raw: bytes) -> bytes:
    return base64.encodebytes(raw).replace(b"\n", b"\r\n")


def _mime_bytes(outgoing: Outgoing, *, from_header: str, date: str, reply_to: str = "") -> bytes:
    recipient = outgoing.recipient
    if outgoing.templates is None:
        text, html = _b64_bytes(outgoing.text.encode()), _b64_bytes(outgoing.html.encode())
    else:
        text = outgoing.templates[0].base64.encode(outgoing.text)
        html = outgoing.templates[1].base64.encode(outgoing.html)
    boundary = f"=_pressroom_{uuid.uuid4().hex}"
    mixed = f"=_pressroom_{uuid.uuid4().hex}" if outgoing.attachments else ""
    head = [
        f"From: {from_header}",
        f"To: {_address_header(recipient.name, recipient.email)}",
        f"Subject: {outgoing.subject_header}",
        f"Date: {date}",
        *([f"Reply-To: {reply_to}"] if reply_to else []),
        *(f"{name}: {value}" for name, value in outgoing.headers.items()),
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{mixed}"'
        if mixed
        else f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ]
    parts = [
        "\r\n".join(head).encode(),
        b"\r\n\r\n",
        *(
            [
                f"--{mixed}\r\n".encode(),
                b'Content-Type: multipart/alternative; boundary="',
                boundary.encode(),
                b'"\r\n\r\n',
            ]
            if mixed
            else []
        ),
        f"--{boundary}\r\n".encode(),
        b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
        text,
        f"--{boundary}\r\n".encode(),
        b'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n',
        html,
        f"--{boundary}--\r\n".encode(),
    ]
    for name, content, mimetype in outgoing.attachments:
        parts += [
            f"--{mixed}\r\n".encode(),
            f'Content-Type: {mimetype}; charset="utf-8"; name="{name}"\r\n'.encode(),
            f'Content-Disposition: attachment; filename="{name}"\r\n'.encode(),
            b"Content-Transfer-Encoding: base64\r\n\r\n",
            _b64_bytes(content),
        ]
    if mixed:
        parts.append(f"--{mixed}--\r\n".encode())
    return b"".join(parts)


def message_date(moment: datetime | None = None) -> str:
    return formatdate(moment.timestamp() if moment else None, usegmt=True)


def _english_kind(asset: Asset) -> str:
    # The email is the same whoever renders it (a worker, or an officer's test send).
    with override("en"):
        return str(asset.get_kind_display())
