from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = "Distribution"

    def ready(self) -> None:
        from distribution import (
            ops,  # noqa: F401 -- connects beat's heartbeat (/healthz)
            receivers,  # noqa: F401 -- connects the tracking receiver
        )
