"""The email of a release as a recipient would see it, before any send exists: rendered by the
same `SendRenderer` a send uses, for an unsaved Send, with delivery id 0 in every signed link
(such links name no delivery, so they lead to the friendly "link not available" page)."""

import dataclasses
from email.header import Header
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from distribution.models import Send
from distribution.render import BOTH, ESPS_TAKING_METADATA, Outgoing, Recipient, SendRenderer
from releases.models import Release

PREVIEW_DELIVERY_ID = 0
TEST_PREFIX = "[TEST] "
VARIANT_LABELS: dict[str, Any] = {
    "en": "English",
    "zh-hant": "繁體中文",
    "zh-hans": "简体中文",
    BOTH: _("Both (中英對照)"),
}


def preview_variants(release: Release) -> list[str]:
    """The variants this release can be sent in: each language it has, and both side by side
    when it has English and Traditional Chinese."""
    languages = release.languages()
    variants = [code for code in ("en", "zh-hant") if code in languages]
    variants += [code for code in languages if code not in variants]
    if "en" in languages and "zh-hant" in languages:
        variants.append(BOTH)
    return variants


def preview_kinds(release: Release) -> list[str]:
    """An advance copy needs an embargo time to name."""
    if release.embargo_until is None:
        return [Send.Kind.IMMEDIATE]
    return [Send.Kind.ADVANCE, Send.Kind.IMMEDIATE]


def release_preview(
    *, release: Release, kind: str, variant: str, email: str, name: str
) -> tuple[Outgoing, SendRenderer]:
    renderer = SendRenderer(Send(release=release, kind=kind))
    outgoing = renderer.outgoing(
        Recipient(delivery_id=PREVIEW_DELIVERY_ID, email=email, name=name, variant=variant)
    )
    return outgoing, renderer


def release_test_send(*, release: Release, kind: str, variant: str, email: str, name: str) -> str:
    """Send one message of this variant and kind to `email` through the configured backend, with
    "[TEST] " before the subject and a Message-ID of its own (mail programs hide a second
    message with a Message-ID they have seen). No Delivery is created. Returns the subject."""
    outgoing, renderer = release_preview(
        release=release, kind=kind, variant=variant, email=email, name=name
    )
    subject = TEST_PREFIX + outgoing.subject
    message_id = make_msgid("pressroom-test", domain=settings.MESSAGE_ID_DOMAIN)
    headers = {
        key: value for key, value in outgoing.headers.items() if key != "X-Pressroom-Delivery"
    }
    headers.update({"Message-ID": message_id, "X-Pressroom-Test": "yes"})
    test = dataclasses.replace(
        outgoing,
        subject=subject,
        subject_header=Header(subject, "utf-8").encode(linesep="\r\n"),
        message_id=message_id,
        headers=headers,
    )
    message = renderer.email_message(test)
    # Tracking events for a test message must not be matched to a delivery (nor can they be,
    # where the ESP takes no metadata: the test message has a Message-ID of its own).
    if renderer.esp_name in ESPS_TAKING_METADATA:
        message.metadata = {"pressroom_test": "yes"}  # type: ignore[attr-defined]
    message.send(fail_silently=False)
    return subject
