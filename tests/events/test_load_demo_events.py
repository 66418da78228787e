"""`manage.py load_demo_events`: the demo's press briefing, on the newsroom, once however often
it is loaded; without the demo's release it says what to run first."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_briefing_is_loaded_once_and_shown_on_the_newsroom() -> None:
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_demo_events", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    for _ in range(2):
        call_command("load_demo_events", stdout=io.StringIO())
    (briefing,) = Event.objects.all()
    assert briefing.release is not None
    assert briefing.release.embargo_until is not None
    assert briefing.starts_at < briefing.release.embargo_until
    page = Client().get("/zh-hant/events/").content.decode()
    assert "傳媒簡報會：科技園投資者網絡及創投基金" in page
