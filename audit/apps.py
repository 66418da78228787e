from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Logins and failed logins are recorded; the admin language is set at login.
        from audit import preferences, receivers  # noqa: F401
