from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from audit.preferences import language_set
from releases import newsroom_urls

admin.site.site_header = "Pressroom"
admin.site.site_title = "Pressroom"
admin.site.index_title = _("Releases, media contacts and sends")

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/language/", language_set, name="admin_language"),
    path("admin/", admin.site.urls),
    # ESP tracking webhooks: anymail's views behind distribution's guard (distribution/webhooks.py).
    path("anymail/", include("distribution.webhooks")),
    path("", include("distribution.urls")),
    path("", include("events.urls")),
]

# The public newsroom. Uploaded files are never served from MEDIA_ROOT as static files (not even
# with DEBUG on): only through the newsroom's views, which apply the embargo on every request.
urlpatterns += [path("", include((newsroom_urls.file_urlpatterns, "newsroom_files")))]
urlpatterns += i18n_patterns(
    path("", include("releases.newsroom_urls")),
    path("", include("events.newsroom_urls")),
    path("", include("subscriptions.urls")),
)

handler400 = "releases.views.bad_request"
handler403 = "releases.views.permission_denied"
handler404 = "releases.views.not_found"
