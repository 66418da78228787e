from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

admin.site.site_header = "Pressroom"
admin.site.site_title = "Pressroom"
admin.site.index_title = "Releases, media contacts and sends"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    # ESP tracking webhooks: anymail's views behind distribution's guard (distribution/webhooks.py).
    path("anymail/", include("distribution.webhooks")),
    path("", include("distribution.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
