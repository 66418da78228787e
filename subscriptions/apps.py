from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Newsroom subscriptions")

    def ready(self) -> None:
        from distribution.kinds import register_send_kind
        from subscriptions import scoping  # noqa: F401 -- registers the visibility rule
        from subscriptions.announcements import SUBSCRIBERS_KIND

        register_send_kind(SUBSCRIBERS_KIND)
