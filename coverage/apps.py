from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "coverage"
    verbose_name = _("Coverage")

    def ready(self) -> None:
        from contacts.admin import MEDIA_CONTACT_PANELS
        from coverage import scoping  # noqa: F401 -- registers the visibility rules
        from coverage.admin_reports import contact_panel, results_panel
        from coverage.report import morning_after_section, published_moments
        from distribution.panels import register_published_moments, register_results_panel
        from distribution.report import REPORT_SECTIONS

        register_results_panel(results_panel)
        register_published_moments(published_moments)
        if contact_panel not in MEDIA_CONTACT_PANELS:
            MEDIA_CONTACT_PANELS.append(contact_panel)
        if morning_after_section not in REPORT_SECTIONS:
            REPORT_SECTIONS.append(morning_after_section)
