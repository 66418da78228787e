from django.urls import path

from distribution import ops, views

app_name = "distribution"

urlpatterns = [
    path("l/<str:token>/", views.asset_link, name="asset-link"),
    path("u/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # For operators (docs/deploy.md): liveness for a load balancer, figures for Prometheus.
    path("healthz", ops.healthz, name="healthz"),
    path("metrics", ops.metrics, name="metrics"),
]
