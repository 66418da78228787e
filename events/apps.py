from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Press events")

    def ready(self) -> None:
        from distribution.kinds import register_send_kind
        from events import scoping  # noqa: F401 -- registers the visibility rules
        from events.invitations import INVITATION_KIND

        register_send_kind(INVITATION_KIND)
