from django.urls import path

from distribution import views

app_name = "distribution"

urlpatterns = [
    path("l/<str:token>/", views.asset_link, name="asset-link"),
    path("u/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
