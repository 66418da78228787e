"""`manage.py load_demo_events`: after `load_demo`, a press briefing announcing the demo's
upcoming release, approved and shown on the newsroom, with a reply to count. Fictional; safe
to run again."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from events.models import Event
from releases.models import Release

UPCOMING_SLUG = "investor-network-and-venture-fund"  # load_demo's upcoming release


class Command(BaseCommand):
    help = "Load a demo press briefing for the demo's upcoming release (run load_demo first)."

    def handle(self, *args: Any, **options: Any) -> None:
        release = Release.objects.filter(slug=UPCOMING_SLUG).select_related("issuer").first()
        if release is None or release.embargo_until is None:
            raise CommandError("Run `manage.py load_demo` first: its upcoming release is missing.")
        starts = release.embargo_until - timedelta(hours=1)
        event, created = Event.objects.update_or_create(
            issuer=release.issuer,
            release=release,
            defaults={
                "kind": Event.Kind.BRIEFING,
                "title_en": "Media briefing: the park's investor network and venture fund",
                "title_zh_hant": "傳媒簡報會：科技園投資者網絡及創投基金",
                "description_en": "Dr Lee Ka-keung, the park's chairman, on the investor "
                "network's 96 deals and the venture fund's 28 start-ups, with time for "
                "questions and interviews.",
                "description_zh_hant": "海濱科技園主席李家強博士講解投資者網絡促成的 96 宗"
                "投資對接及創投基金投資的 28 間初創，並設答問及個別採訪時間。",
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=45),
                "rsvp_deadline": starts - timedelta(days=1),
                "embargo_until": release.embargo_until,
                "venue_name_en": "Harbourfront Technology Park, Auditorium",
                "venue_name_zh_hant": "海濱科技園 演講廳",
                "capacity": 40,
                "status": Event.Status.APPROVED,
                "listed_on_newsroom": True,
            },
        )
        self.stdout.write(
            f"Demo press event {'created' if created else 'updated'}: {event.title_en} "
            f"({event.when_display()}), approved and on the newsroom."
        )
