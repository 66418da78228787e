"""Coverage in the admin: the items (proposals first to decide, one click each: the
"Confirm" and "Reject" actions), and the outlets' feeds. Both scoped (`coverage.scoping`): an
agency sees the coverage of the releases assigned to it. An item names only public releases,
and an officer who cannot see one of an item's releases keeps it on the item when saving."""

from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.scoping import ScopedAdmin
from coverage import admin_import, admin_reports, services, tasks
from coverage.canonical import NotAWebAddress, canonical_url
from coverage.models import CoverageItem, OutletFeed
from releases.asset_files import detected_type, original_download
from releases.scoping import releases_visible_to

# Pages one action fetches (each at most COVERAGE_FETCH_TIMEOUT twice): a screenful of items.
SNAPSHOTS_AT_ONCE = 100
CAPTURE_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
                 "jpeg": "image/jpeg", "html": None, "htm": None}  # fmt: skip


def validate_capture(upload: Any) -> None:
    """A PDF or an image (checked by content) or a saved page (served only as a download)."""
    if getattr(upload, "_committed", False):
        return
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in CAPTURE_TYPES:
        raise ValidationError(
            _("A capture is a PDF, a PNG or JPEG image, or a saved web page (.html)."),
            code="capture_type",
        )
    expected = CAPTURE_TYPES[extension]
    if expected is not None:
        upload.open("rb")
        if detected_type(upload.file) != expected:
            raise ValidationError(
                _("The content of “%(name)s” is not a .%(extension)s file (or is damaged)."),
                code="capture_content",
                params={"name": PurePath(upload.name or "").name, "extension": extension},
            )


class CoverageItemForm(forms.ModelForm[CoverageItem]):
    class Meta:
        model = CoverageItem
        fields = [
            "status", "releases", "url", "headline", "outlet", "journalist", "language",
            "published_at", "medium", "print_page", "programme", "broadcast_at", "reach", "tone",
            "snapshot_title", "snapshot_paragraph", "capture",
        ]  # fmt: skip

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            canonical = canonical_url(url)
        except NotAWebAddress as error:
            raise ValidationError(_("Enter the story's web address (http or https).")) from error
        others = CoverageItem.objects.filter(canonical_url=canonical)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("This story is already recorded (the same address without tracking, AMP or "
                  "mobile parts).")
            )  # fmt: skip
        return url

    def clean_capture(self) -> Any:
        capture = self.cleaned_data.get("capture")
        if capture:
            validate_capture(capture)
        return capture


@admin.register(CoverageItem)
class CoverageItemAdmin(ScopedAdmin[CoverageItem]):
    form = CoverageItemForm
    list_display = [
        "headline", "outlet", "published_hkt", "status", "decide", "tone", "reach", "found_by",
    ]  # fmt: skip
    list_filter = ["status", "tone", "medium", "found_by", "language"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "url", "outlet__name_en", "outlet__name_zh_hant"]
    autocomplete_fields = ["outlet", "journalist"]
    filter_horizontal = ["releases"]
    readonly_fields = ["canonical_url", "found_by_shown", "match_reason", "capture_link"]
    actions = ["confirm_selected", "reject_selected", "fetch_snapshots"]
    fieldsets = [
        (None, {"fields": ["status", "releases", "url", "canonical_url", "headline", "outlet",
                           "journalist", "language", "published_at", "found_by_shown",
                           "match_reason"]}),
        (_("Medium"), {"fields": ["medium", "print_page", "programme", "broadcast_at"]}),
        (_("Reach and tone"), {"fields": ["reach", "tone"]}),
        (_("Snapshot"), {"fields": ["snapshot_title", "snapshot_paragraph", "capture",
                                    "capture_link"]}),
    ]  # fmt: skip

    @admin.display(description=_("published (HKT)"), ordering="published_at")
    def published_hkt(self, item: CoverageItem) -> str:
        return item.published_display() or "—"

    @admin.display(description=_("yes or no"))
    def decide(self, item: CoverageItem) -> str:
        """One click each: the buttons submit a small form of their own, written after the
        changelist's form (change_list.html), which cannot hold another form."""
        if item.status != CoverageItem.Status.PROPOSED:
            return ""
        return format_html(
            '<button type="submit" form="decide-{pk}" name="status" value="confirmed" '
            'class="button">{yes}</button> <button type="submit" form="decide-{pk}" '
            'name="status" value="rejected" class="button">{no}</button>',
            pk=item.pk, yes=gettext("Confirm"), no=gettext("Reject"),
        )  # fmt: skip

    @admin.display(description=_("found by"))
    def found_by_shown(self, item: CoverageItem) -> str:
        return item.get_found_by_display()

    @admin.display(description=_("capture"))
    def capture_link(self, item: CoverageItem) -> str:
        if not item.pk or not item.capture:
            return "—"
        url = reverse("admin:coverage_coverageitem_capture", args=[item.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download the capture"))

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "releases":
            # Only releases the public can read, of those the officer sees.
            kwargs["queryset"] = releases_visible_to(
                request.user, services.public_releases()
            ).prefetch_related("translations")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: CoverageItem, form: Any, change: bool) -> None:
        obj.canonical_url = canonical_url(obj.url)
        if not change:
            obj.found_by = CoverageItem.FoundBy.MANUAL
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Releases of the item the officer cannot see (or no longer public) are not in the
        # form: keep them instead of dropping them silently.
        item = form.instance
        kept: list[int] = []
        if change:
            shown = releases_visible_to(request.user, services.public_releases()).values("pk")
            kept = list(item.releases.exclude(pk__in=shown).values_list("pk", flat=True))
        super().save_related(request, form, formsets, change)
        if kept:
            item.releases.add(*kept)

    @admin.action(description=_("Keep a snapshot of the selected pages"), permissions=["change"])
    def fetch_snapshots(self, request: HttpRequest, queryset: QuerySet[CoverageItem]) -> None:
        ids = list(queryset.values_list("pk", flat=True)[:SNAPSHOTS_AT_ONCE])
        tasks.fetch_snapshots.delay(ids)
        self.message_user(
            request,
            gettext(
                "Fetching %(count)s page(s): each snapshot (the page, its title and first "
                "paragraph) appears on its item when the worker has it."
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Confirm the selected coverage"), permissions=["change"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet[CoverageItem]) -> None:
        count = services.coverage_decide(
            items=queryset, status=CoverageItem.Status.CONFIRMED, by=request.user
        )
        self.message_user(
            request, gettext("Confirmed: %(count)d.") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Reject the selected coverage"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[CoverageItem]) -> None:
        count = services.coverage_decide(
            items=queryset, status=CoverageItem.Status.REJECTED, by=request.user
        )
        self.message_user(
            request,
            gettext("Rejected: %(count)d. They will not be proposed again.") % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/",
                wrap(self.import_view),
                name="coverage_coverageitem_import",
            ),
            path(
                "report/period/",
                wrap(self.period_report_view),
                name="coverage_coverageitem_period_report",
            ),
            path(
                "report/<int:release_id>/<str:fmt>/",
                wrap(self.report_view),
                name="coverage_coverageitem_report",
            ),
            path(
                "<path:object_id>/decide/",
                wrap(self.decide_view),
                name="coverage_coverageitem_decide",
            ),
            path(
                "<path:object_id>/capture/",
                wrap(self.capture_view),
                name="coverage_coverageitem_capture",
            ),
            *super().get_urls(),
        ]

    def period_report_view(self, request: HttpRequest) -> HttpResponse:
        return admin_reports.period_report_view(self, request)

    def report_view(self, request: HttpRequest, release_id: int, fmt: str) -> HttpResponse:
        return admin_reports.coverage_report(self, request, release_id, fmt)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], add: bool = False,
        change: bool = False, form_url: str = "", obj: Any = None,
    ) -> Any:  # fmt: skip
        if obj is not None and obj.pk:
            context["click_trail"] = admin_reports.click_trail(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        return admin_import.coverage_import_view(self, request)

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirm or reject one proposal (POST), then back to the list."""
        if request.method != "POST":
            raise Http404
        item = self._visible_item(request, object_id)
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        status = request.POST.get("status", "")
        if status not in (CoverageItem.Status.CONFIRMED, CoverageItem.Status.REJECTED):
            raise Http404
        services.coverage_decide(
            items=CoverageItem.objects.filter(pk=item.pk), status=status, by=request.user
        )
        self.message_user(
            request,
            gettext("“%(story)s”: %(status)s.")
            % {"story": item, "status": CoverageItem.Status(status).label},
            messages.SUCCESS,
        )
        return redirect(
            reverse("admin:coverage_coverageitem_changelist") + "?status__exact=proposed"
        )

    def _visible_item(self, request: HttpRequest, object_id: str) -> CoverageItem:
        key = unquote(object_id)
        item = None
        if key.isascii() and key.isdigit():
            item = self.get_queryset(request).filter(pk=int(key)).first()
        if item is None:
            raise Http404
        return item

    def capture_view(self, request: HttpRequest, object_id: str) -> FileResponse:
        """The uploaded capture, as a download only (never a page of this site)."""
        if request.method != "GET":
            raise Http404
        item = self._visible_item(request, object_id)
        if not self.has_view_permission(request, item):
            raise PermissionDenied
        if not item.capture:
            raise Http404
        return original_download(item.capture, filename=PurePath(item.capture.name).name)


# The poller records what went wrong in English, with its details (coverage.fetch, .polling);
# the officer reads it in their language, the details after it.
FEED_PROBLEMS = [
    ("timed out", _("The feed did not answer in time.")),
    ("too slow", _("The feed did not answer in time.")),
    ("larger than", _("The feed is larger than the limit.")),
    ("not a readable", _("This is not a readable RSS or Atom feed.")),
    ("HTTP ", _("The site refused the request.")),
    ("not an http", _("Refused: this is not a public web address.")),
    ("non-public address", _("Refused: this is not a public web address.")),
    ("cannot resolve", _("The host name is not known.")),
    ("too many redirects", _("The feed redirects too many times.")),
]


@admin.register(OutletFeed)
class OutletFeedAdmin(ScopedAdmin[OutletFeed]):
    list_display = ["url", "outlet", "active", "polled_at", "next_poll_at", "failures", "problem"]
    list_filter = ["active"]
    list_select_related = ["outlet"]
    search_fields = ["url", "outlet__name_en", "outlet__name_zh_hant"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["polled_at", "next_poll_at", "failures", "problem"]

    @admin.display(description=_("last error"))
    def problem(self, feed: OutletFeed) -> str:
        if not feed.last_error:
            return "—"
        for start, message in FEED_PROBLEMS:
            if feed.last_error.startswith(start):
                return f"{message} ({feed.last_error})"
        problem = gettext("The feed could not be fetched.")
        return f"{problem} ({feed.last_error})"
