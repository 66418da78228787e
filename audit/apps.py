from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Logins and failed logins are recorded; the admin language is set at login.
        from audit import preferences, receivers  # noqa: F401
