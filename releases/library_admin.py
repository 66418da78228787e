"""The media library in the admin: every photo, video and file of the releases the officer sees
(releases.scoping.assets_visible_to), found by caption, description, credit, file name or the
release's headline in either language, filtered by kind, licence and issuer. It is read here and
reused from a release's media rows ("From the media library", offering media of public releases
only); each is edited with its release.

A reuse is a row of its own in the new release (`Asset.reused_from`, filled by `Asset.clean`),
naming the same stored file: the embargo, licence, tracking and numbers of each release stay its
own, and the file is stored once (no code deletes an asset's file with its row)."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from contacts.scoping import ScopedAdmin
from releases.models import Asset, Release


@admin.register(Asset)
class AssetAdmin(ScopedAdmin[Asset]):
    list_display = ["picture", "described", "kind", "file_name", "credit", "licence",
                    "licence_expires", "used_in", "reused"]  # fmt: skip
    list_display_links = ["described"]
    list_filter = ["kind", "licence", ("release__issuer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["caption_en", "caption_zh_hant", "alt_en", "alt_zh_hant", "credit", "file",
                     "external_url", "release__translations__headline"]  # fmt: skip
    list_select_related = ["release"]
    ordering = ["-release__release_date", "-pk"]
    list_per_page = 50
    fields = ["release", "kind", "file", "external_url", "caption_en", "caption_zh_hant",
              "alt_en", "alt_zh_hant", "credit", "licence", "licence_expires",
              "reused_from"]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[Asset]:
        return super().get_queryset(request).annotate(reuse_count=Count("reuses"))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Asset], search_term: str
    ) -> tuple[QuerySet[Asset], bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "reused_from":
            # Offered for reuse: media of public releases only (Asset.clean refuses others).
            public = Release.objects.public(timezone.now())
            found = found.filter(release__in=public)
        return found, duplicates

    # Read here; changed with its release, where the embargo and corrections rules apply.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("picture"))
    def picture(self, asset: Asset) -> SafeString | str:
        if not asset.has_image():
            return asset.extension.upper() or "↗"
        source = reverse(
            "newsroom_files:preview-image", kwargs={"asset_pk": asset.pk, "rendition": "w480"}
        )
        return format_html('<img src="{}" alt="" width="96" loading="lazy">', source)

    @admin.display(description=_("caption"), ordering="caption_en")
    def described(self, asset: Asset) -> str:
        return str(asset)

    @admin.display(description=_("file"), ordering="file")
    def file_name(self, asset: Asset) -> str:
        return asset.filename or asset.external_url

    @admin.display(description=_("release"), ordering="release__release_date")
    def used_in(self, asset: Asset) -> SafeString:
        page = reverse("admin:pressroom_release_change", args=[asset.release_id])
        return format_html('<a href="{}">{}</a>', page, asset.release)

    @admin.display(description=_("reused"), ordering="reuse_count")
    def reused(self, asset: Asset) -> int:
        return getattr(asset, "reuse_count", 0)
