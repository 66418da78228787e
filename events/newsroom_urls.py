"""The newsroom's press events, under its language prefix (pressroom/urls.py)."""

from django.urls import path

from events import newsroom

app_name = "newsroom_events"

urlpatterns = [
    path("events/", newsroom.event_list, name="list"),
    path("events/calendar.ics", newsroom.event_calendar, name="calendar"),
]
