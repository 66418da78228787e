"""The public newsroom's addresses. `urlpatterns` sit under a language prefix (/en/, /zh-hant/;
pressroom/urls.py wraps them in i18n_patterns); `file_urlpatterns` (files, sitemap, robots.txt)
are the same in every language."""

from django.urls import URLPattern, path, register_converter

from releases import views
from releases.renditions import SHOWN


class IdConverter:
    """A database id: digits, at most 18 of them, so a mangled id is a 404 and never an integer
    the database cannot hold."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class RenditionConverter:
    """The renditions shown in pages (releases/renditions.py): any other name is a 404."""

    regex = "|".join(SHOWN)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IdConverter, "id")
register_converter(RenditionConverter, "rendition")

app_name = "newsroom"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("releases/<id:pk>/", views.release_by_id, name="release-by-id"),
    path("releases/<id:pk>-<slug:slug>/", views.release_detail, name="release"),
    path(
        "releases/<id:pk>-<slug:slug>/assets/<id:asset_pk>/",
        views.asset_detail,
        name="asset",
    ),
    path("feed/rss/", views.feed_rss, name="feed-rss"),
    path("feed/atom/", views.feed_atom, name="feed-atom"),
    path("preview/<id:pk>/", views.release_preview, name="preview"),
    path("preview/<id:pk>/assets/<id:asset_pk>/", views.asset_preview, name="preview-asset"),
]

file_urlpatterns: list[URLPattern] = [
    path("files/<id:asset_pk>/original/<str:filename>", views.asset_file, name="file"),
    path("files/<id:asset_pk>/<rendition:rendition>.jpg", views.asset_image, name="image"),
    path("files/<id:asset_pk>/print/<str:filename>", views.asset_print, name="print"),
    path(
        "preview/files/<id:asset_pk>/original/<str:filename>",
        views.preview_file,
        name="preview-file",
    ),
    path(
        "preview/files/<id:asset_pk>/<rendition:rendition>.jpg",
        views.preview_image,
        name="preview-image",
    ),
    path(
        "preview/files/<id:asset_pk>/print/<str:filename>",
        views.preview_print,
        name="preview-print",
    ),
    path("files/releases/<id:pk>/presskit.zip", views.presskit, name="presskit"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<int:number>.xml", views.sitemap_file, name="sitemap-file"),
    path("robots.txt", views.robots_txt, name="robots"),
]
