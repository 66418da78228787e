from django.apps import AppConfig


class PressroomConfig(AppConfig):
    name = "pressroom"
    verbose_name = "Releases"
