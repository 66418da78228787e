from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("events/rsvp/<str:token>/", views.rsvp, name="rsvp"),
]
