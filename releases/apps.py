import base64
import hashlib
import re

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    """The release domain. Its label stays "pressroom", the name it had when the project and the
    app were one package, so its tables, migrations and permissions keep their names."""

    name = "releases"
    label = "pressroom"
    verbose_name = _("Releases")

    def ready(self) -> None:
        from releases import receivers  # noqa: F401 -- connects the signal receivers

        allow_prose_editor_importmap()


def allow_prose_editor_importmap() -> None:
    """django-prose-editor writes an inline `<script type="importmap">` in every form that has
    an editor, rendered without the request, so it cannot carry the page's CSP nonce. Its text
    is fixed (two static URLs): the policy allows exactly that text by its SHA-256 hash."""
    from django_prose_editor.widgets import importmap

    text = re.sub(r"^<script[^>]*>|</script>$", "", str(importmap))
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    sources = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    if f"'sha256-{digest}'" not in sources:
        sources.append(f"'sha256-{digest}'")
