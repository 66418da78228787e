"""django-import-export resources for the media database: which columns an import understands
(headers in English and Chinese, as spreadsheets in Hong Kong have them) and what an export
writes. Exports go through formats that make every cell safe to open in a spreadsheet: a text
cell starting with = + - @, a tab or a carriage return can never run as a formula, while numbers
and dates stay numbers and dates in XLSX."""

import csv
import io
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import tablib
from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.formats import base_formats

from contacts.models import (
    Beat,
    DistributionList,
    Language,
    MediaContact,
    Outlet,
    StaffUser,
    Suppression,
)
from contacts.scoping import media_contacts_visible_to
from contacts.xlsx import write_xlsx

# --- Columns an import reads -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column an import understands: the header an export writes (English), its Chinese
    header, and the other headers people use for it."""

    key: str
    header: str
    header_zh: str
    aliases: tuple[str, ...]
    help: Any  # a lazy translation: the page shows it in the reader's language
    required: bool = False

    def accepted(self) -> list[str]:
        return [self.header, self.header_zh, *self.aliases]


def header_key(text: str) -> str:
    """How headers are compared: width-folded, case-folded, without spaces and punctuation, so
    "E-mail", "EMAIL " and "Ｅｍａｉｌ" are the same header."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-./:：()（）\[\]【】*#]+", "", folded)


CONTACT_COLUMNS = [
    Column(
        "email",
        "Email",
        "電郵",
        (
            "E-mail",
            "Email address",
            "Mail",
            "電郵地址",
            "電子郵件",
            "電子郵件地址",
            "電子郵箱",
            "郵箱",
            "电邮",
            "电子邮件",
            "邮箱",
        ),
        _(
            "One address per row; required. Capitals, spaces and full-width letters do not matter: "
            "Mary.Lam@Example.com and mary.lam@example.com are one journalist."
        ),
        required=True,
    ),
    Column(
        "name",
        "Name",
        "姓名",
        (
            "Full name",
            "Contact name",
            "Contact",
            "Journalist",
            "名稱",
            "名字",
            "聯絡人",
            "記者",
            "联系人",
        ),
        _(
            "A single name column: read as the Chinese name when written in Chinese characters, "
            "otherwise as the English name. A new contact needs a name."
        ),
    ),
    Column(
        "name_en",
        "Name (English)",
        "英文姓名",
        ("English name", "Name EN", "name_en", "英文名", "英文名稱"),
        _("The English name."),
    ),
    Column(
        "name_zh_hant",
        "Name (Chinese)",
        "中文姓名",
        ("Chinese name", "Name ZH", "name_zh_hant", "中文名", "中文名稱"),
        _("The Chinese name."),
    ),
    Column(
        "outlet",
        "Outlet",
        "機構",
        (
            "Media",
            "Media outlet",
            "Publication",
            "Organisation",
            "Organization",
            "Company",
            "媒體",
            "傳媒",
            "傳媒機構",
            "媒體機構",
            "機構名稱",
            "公司",
            "媒体",
            "机构",
        ),
        _(
            "Matched by its English or Chinese name, whatever the case; an outlet Pressroom does "
            "not know yet is created."
        ),
    ),
    Column(
        "outlet_kind",
        "Outlet type",
        "媒體類別",
        ("Outlet kind", "Media type", "媒體類型", "媒體種類", "類別"),
        _(
            "Only used when the outlet is new: newspaper 報章, TV 電視, radio 電台, online 網媒, "
            "wire 通訊社, magazine 雜誌, trade 專業刊物, blog 網誌."
        ),
    ),
    Column(
        "job_title",
        "Job title",
        "職位",
        ("Title", "Position", "Role", "職銜", "職稱", "职位"),
        "",
    ),
    Column(
        "beats",
        "Beats",
        "範疇",
        ("Beat", "Topics", "Topic", "Tags", "Desk", "Coverage", "採訪範疇", "主題", "標籤", "范畴"),
        _(
            "Several beats separated by commas or 、; a beat Pressroom does not know yet is "
            "created. Beats are tags: an import adds them and never removes one."
        ),
    ),
    Column(
        "language",
        "Language",
        "語言",
        ("Preferred language", "Languages", "語文", "偏好語言", "语言"),
        _("English (英文), Chinese (中文) or Both (中英). Empty: both, for a new contact."),
    ),
    Column(
        "phone",
        "Phone",
        "電話",
        ("Telephone", "Tel", "Mobile", "Phone number", "手機", "聯絡電話", "電話號碼", "电话"),
        "",
    ),
    Column(
        "lists",
        "Lists",
        "名單",
        ("List", "Distribution list", "Distribution lists", "發佈名單", "分發名單", "名单"),
        _(
            "Distribution lists to add the contact to, separated by semicolons. A list your "
            "organisation does not have yet is created."
        ),
    ),
    Column(
        "notes",
        "Notes",
        "備註",
        ("Note", "Remarks", "Comments", "Comment", "附註", "备注"),
        "",
    ),
    Column(
        "basis",
        "Legal basis",
        "法律依據",
        ("Consent basis", "Lawful basis", "Basis", "Consent", "同意依據", "依據", "法律基礎"),
        _(
            "Why we may mail them: legitimate interest 正當權益 (a working journalist), consent "
            "同意 (asked to receive releases) or contract 合約 (a subscription). Empty: legitimate "
            "interest for a new contact, unchanged for a known one."
        ),
    ),
    Column(
        "source",
        "Source",
        "來源",
        ("Where from", "Origin", "Met at", "資料來源", "来源"),
        _(
            "Where the contact came from, e.g. met at an event, agency list, public masthead; "
            "recorded for a new contact with the file's name and the date."
        ),
    ),
]

OUTLET_COLUMNS = [
    Column(
        "name",
        "Name",
        "名稱",
        ("Outlet", "Media", "Outlet name", "機構", "媒體", "機構名稱", "媒體名稱"),
        _(
            "A single name column: read as the Chinese name when written in Chinese characters, "
            "otherwise as the English name."
        ),
    ),
    Column(
        "name_en",
        "Name (English)",
        "英文名稱",
        ("English name", "name_en", "英文名"),
        _("The English name; outlets are matched by name, whatever the case."),
    ),
    Column(
        "name_zh_hant",
        "Name (Chinese)",
        "中文名稱",
        ("Chinese name", "name_zh_hant", "中文名"),
        _("The Chinese name."),
    ),
    Column(
        "kind",
        "Type",
        "類別",
        ("Kind", "Outlet type", "Media type", "媒體類別", "媒體類型"),
        _(
            "newspaper 報章, TV 電視, radio 電台, online 網媒, wire 通訊社, magazine 雜誌, "
            "trade 專業刊物, blog 網誌. Empty: not known yet."
        ),
    ),
    Column(
        "language",
        "Language",
        "語言",
        ("Publishes in", "語文"),
        _("English (英文), Chinese (中文) or Both (中英). Empty: both."),
    ),
    Column("region", "Region", "地區", ("Market", "Territory", "市場"), _("e.g. Hong Kong 香港.")),
    Column("website", "Website", "網站", ("URL", "Web", "Site", "網址"), "https://…"),
]

# Headers read and deliberately not imported. Rows are matched by email (contacts) or name
# (outlets), never by an id a file carries: an id could point at anyone's record.
IGNORED_HEADERS = {
    header_key(text): text
    for text in ("ID", "編號", "Status", "狀態", "Suppressed", "Created", "Updated",
                 "Maintained by", "Consent basis", "Source", "Media contacts", "Members now")
}  # fmt: skip


def _value_map(pairs: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    return {header_key(text): value for value, texts in pairs for text in texts}


LANGUAGE_VALUES = _value_map(
    [
        (Language.EN, ["en", "eng", "english", "en-gb", "en-us", "英", "英文", "英語", "英语"]),
        (
            Language.ZH_HANT,
            ["zh", "zh-hant", "zh-hk", "zh-tw", "chinese", "traditional chinese", "cantonese",
             "中", "中文", "繁體中文", "繁體", "繁中", "粵語", "廣東話", "中文（繁體）",
             str(Language.ZH_HANT.label)],
        ),
        (
            Language.BOTH,
            ["both", "bilingual", "all", "en+zh", "zh+en", "english+chinese", "english & chinese",
             "english and chinese", "chinese and english", "中英", "中英文", "英中", "雙語",
             "中英雙語", "兩者", "双语"],
        ),
    ]
)  # fmt: skip

BASIS_VALUES = _value_map(
    [
        (MediaContact.ConsentBasis.LEGITIMATE_INTEREST,
         ["legitimate interest", "legitimate_interest", "legitimate interests", "interest",
          "working journalist", "正當權益", "合法權益", "正当权益",
          str(MediaContact.ConsentBasis.LEGITIMATE_INTEREST.label)]),
        (MediaContact.ConsentBasis.CONSENT,
         ["consent", "consented", "opt-in", "opted in", "同意", "已同意",
          str(MediaContact.ConsentBasis.CONSENT.label)]),
        (MediaContact.ConsentBasis.CONTRACT,
         ["contract", "subscription", "subscriber", "合約", "合同", "訂閱", "订阅",
          str(MediaContact.ConsentBasis.CONTRACT.label)]),
    ]
)  # fmt: skip

OUTLET_KIND_VALUES = _value_map(
    [
        (Outlet.Kind.NEWSPAPER, ["newspaper", "paper", "print", "daily", "報章", "報紙", "日報"]),
        (Outlet.Kind.TV, ["tv", "television", "broadcast", "電視", "電視台"]),
        (Outlet.Kind.RADIO, ["radio", "電台", "電臺", "廣播"]),
        (Outlet.Kind.ONLINE, ["online", "web", "digital", "網媒", "網上媒體", "網絡媒體", "網站"]),
        (Outlet.Kind.WIRE, ["wire", "news agency", "agency", "通訊社"]),
        (Outlet.Kind.MAGAZINE, ["magazine", "雜誌", "月刊", "週刊"]),
        (Outlet.Kind.TRADE, ["trade", "trade press", "專業刊物", "行業刊物"]),
        (Outlet.Kind.BLOG, ["blog", "blogger", "網誌", "博客"]),
    ]
)
# An outlet type's label in every admin language reads back as that type.
for _code, _name in settings.LANGUAGES:
    with translation.override(_code):
        for _kind in Outlet.Kind:
            OUTLET_KIND_VALUES.setdefault(header_key(str(_kind.label)), _kind.value)

_TAG_SEPARATORS = re.compile(r"\s*[,;、，；|\n]\s*")
_LIST_SEPARATORS = re.compile(r"\s*[;；|\n]\s*")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def split_tags(text: str) -> list[str]:
    """ "AI, Fintech、創科" -> ["AI", "Fintech", "創科"], each once, in order."""
    seen: dict[str, str] = {}
    for part in _TAG_SEPARATORS.split(text):
        part = part.strip()
        if part:
            seen.setdefault(part.casefold(), part)
    return list(seen.values())


def split_lists(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for part in _LIST_SEPARATORS.split(text):
        part = part.strip()
        if part:
            seen.setdefault(part.casefold(), part)
    return list(seen.values())


def is_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


# --- Cells safe to open in a spreadsheet ---------------------------------------------------

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (OWASP "CSV injection"); the full-width forms are what a Chinese input method types.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(text: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)": a leading apostrophe makes a spreadsheet show the
    cell as text. Pressroom's import takes the apostrophe off again, so an export re-imports
    unchanged."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unneutralise(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class SafeCSV(base_formats.CSV):
    """CSV for Excel: UTF-8 with a BOM (so Chinese opens correctly), every text cell quoted and
    neutralised, numbers unquoted, times in the local zone with its name."""

    CONTENT_TYPE = "text/csv; charset=utf-8"

    def get_title(self) -> str:
        return "csv"

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        zone = _zone()
        out = io.StringIO(newline="")
        writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        writer.writerow([neutralise(str(header)) for header in dataset.headers or []])
        for row in dataset:
            writer.writerow([_csv_cell(value, zone) for value in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: Any, zone: zoneinfo.ZoneInfo) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
    return neutralise(str(value))


class SafeXLSX(base_formats.XLSX):
    """XLSX written straight to the sheet's XML (contacts/xlsx.py; 100,000 rows in seconds):
    text is always a text cell, never a formula, and a text cell starting with a formula
    character carries Excel's own "quote prefix" so it stays text even when edited; numbers and
    dates are typed cells; times are shown in the local zone, whose name the date format
    carries."""

    def get_title(self) -> str:
        return "xlsx"

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        zone = _zone()
        return write_xlsx(
            [str(header) for header in dataset.headers or []],
            iter(dataset),
            zone=zone,
            sheet_name=dataset.title or "Export",
            date_format=f'yyyy-mm-dd hh:mm "{datetime.now(zone).tzname()}"',
            quote_prefixes=FORMULA_TRIGGERS,
        )


EXPORT_FORMATS = [SafeCSV, SafeXLSX]
IMPORT_FORMATS = [SafeCSV, SafeXLSX]


# --- Resources ---------------------------------------------------------------------------------


class FastExportResource(resources.ModelResource):
    """A resource whose export reads the database a few thousand rows at a time (one query per
    chunk for each related table) instead of one query per row per related field. Each declared
    field's attribute names a key of the dicts `export_rows()` yields."""

    def __init__(self, user: StaffUser | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user

    def export_rows(self, queryset: QuerySet[Any]) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def export(self, queryset: QuerySet[Any] | None = None, **kwargs: Any) -> tablib.Dataset:
        if queryset is None:
            queryset = self.get_queryset()
        selected = kwargs.get("export_fields") or None
        export_fields = self.get_export_fields(selected)
        keys = [field.attribute for field in export_fields]
        dataset = tablib.Dataset(headers=[field.column_name for field in export_fields])
        with translation.override("en"):  # a file reads the same whoever exports it
            dataset.title = str(self._meta.model._meta.verbose_name_plural).capitalize()
        for row in self.export_rows(queryset):
            dataset.append([row[key] for key in keys])
        return dataset


def _chunks(queryset: QuerySet[Any], fields_: list[str], size: int = 2000) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in queryset.values(*fields_).iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _label(choices: type[Any], value: str) -> str:
    try:
        with translation.override("en"):  # a file reads the same whoever exports it
            return str(choices(value).label)
    except ValueError:
        return value


class MediaContactResource(FastExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    email = fields.Field(attribute="email", column_name="Email")
    name_en = fields.Field(attribute="name_en", column_name="Name (English)")
    name_zh_hant = fields.Field(attribute="name_zh_hant", column_name="Name (Chinese)")
    outlet = fields.Field(attribute="outlet", column_name="Outlet")
    outlet_kind = fields.Field(attribute="outlet_kind", column_name="Outlet type")
    job_title = fields.Field(attribute="job_title", column_name="Job title")
    beats = fields.Field(attribute="beats", column_name="Beats")
    language = fields.Field(attribute="language", column_name="Language")
    phone = fields.Field(attribute="phone", column_name="Phone")
    lists = fields.Field(attribute="lists", column_name="Lists")
    notes = fields.Field(attribute="notes", column_name="Notes")
    status = fields.Field(attribute="status", column_name="Status")
    suppressed = fields.Field(attribute="suppressed", column_name="Suppressed")
    consent_basis = fields.Field(attribute="consent_basis", column_name="Consent basis")
    source = fields.Field(attribute="source", column_name="Source")
    created_at = fields.Field(attribute="created_at", column_name="Created")
    updated_at = fields.Field(attribute="updated_at", column_name="Updated")

    import_columns = CONTACT_COLUMNS

    class Meta:
        model = MediaContact
        name = "Media contacts"
        fields = (
            "id", "email", "name_en", "name_zh_hant", "outlet", "outlet_kind", "job_title",
            "beats", "language", "phone", "lists", "notes", "status", "suppressed",
            "consent_basis", "source", "created_at", "updated_at",
        )  # fmt: skip
        export_order = fields

    def export_rows(self, queryset: QuerySet[Any]) -> Iterator[dict[str, Any]]:
        # Five queries whatever the number of contacts: the contacts, then every beat, list
        # membership and suppression of the same contacts, each read once into a dict.
        queryset = queryset.prefetch_related(None)
        chosen = queryset.values("pk")
        beat_names = dict(Beat.objects.values_list("pk", "name_en"))
        beats: dict[int, list[str]] = {}
        for contact_id, beat_id in MediaContact.beats.through.objects.filter(
            mediacontact_id__in=chosen
        ).values_list("mediacontact_id", "beat_id"):
            beats.setdefault(contact_id, []).append(beat_names[beat_id])
        visible_lists = DistributionList.objects.all()
        if self.user is not None:
            visible_lists = visible_lists.editable_by(self.user)
        list_names = dict(visible_lists.values_list("pk", "name"))
        lists: dict[int, list[str]] = {}
        for contact_id, list_id in DistributionList.members.through.objects.filter(
            mediacontact_id__in=chosen, distributionlist_id__in=list(list_names)
        ).values_list("mediacontact_id", "distributionlist_id"):
            lists.setdefault(contact_id, []).append(list_names[list_id])
        with translation.override("en"):  # a file reads the same whoever exports it
            reasons = {value: str(label) for value, label in Suppression.Reason.choices}
            kinds = {value: str(label) for value, label in Outlet.Kind.choices}
            languages = {value: str(label) for value, label in Language.choices}
            statuses = {value: str(label) for value, label in MediaContact.Status.choices}
            bases = {value: str(label) for value, label in MediaContact.ConsentBasis.choices}
        suppressed = {
            email: str(reasons.get(reason, reason))
            for email, reason in Suppression.objects.filter(
                email__in=queryset.values("email")
            ).values_list("email", "reason")
        }
        columns = (
            "pk", "email", "name_en", "name_zh_hant", "outlet__name_en", "outlet__kind",
            "job_title", "preferred_language", "phone", "notes", "status", "consent_basis",
            "source", "created_at", "updated_at",
        )  # fmt: skip
        for (pk, email, name_en, name_zh_hant, outlet, kind, job_title, language, phone, notes,
             status, basis, source, created_at, updated_at) in queryset.values_list(
            *columns
        ).iterator(chunk_size=5000):  # fmt: skip
            yield {
                "id": pk,
                "email": email,
                "name_en": name_en,
                "name_zh_hant": name_zh_hant,
                "outlet": outlet or "",
                "outlet_kind": str(kinds.get(kind, kind)) if kind else "",
                "job_title": job_title,
                "beats": ", ".join(sorted(beats.get(pk, ()))),
                "language": str(languages.get(language, language)),
                "phone": phone,
                "lists": "; ".join(sorted(lists.get(pk, ()))),
                "notes": notes,
                "status": str(statuses.get(status, status)),
                "suppressed": suppressed.get(email, ""),
                "consent_basis": str(bases.get(basis, basis)),
                "source": source,
                "created_at": created_at,
                "updated_at": updated_at,
            }


class OutletResource(FastExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    name_en = fields.Field(attribute="name_en", column_name="Name (English)")
    name_zh_hant = fields.Field(attribute="name_zh_hant", column_name="Name (Chinese)")
    kind = fields.Field(attribute="kind", column_name="Type")
    language = fields.Field(attribute="language", column_name="Language")
    region = fields.Field(attribute="region", column_name="Region")
    website = fields.Field(attribute="website", column_name="Website")
    contact_count = fields.Field(attribute="contact_count", column_name="Media contacts")

    import_columns = OUTLET_COLUMNS

    class Meta:
        model = Outlet
        name = "Outlets"
        fields = (
            "id", "name_en", "name_zh_hant", "kind", "language", "region", "website",
            "contact_count",
        )  # fmt: skip
        export_order = fields

    def export_rows(self, queryset: QuerySet[Any]) -> Iterator[dict[str, Any]]:
        queryset = queryset.prefetch_related(None).annotate(contact_number=Count("contacts"))
        for chunk in _chunks(
            queryset,
            ["pk", "name_en", "name_zh_hant", "kind", "language", "region", "website",
             "contact_number"],
        ):  # fmt: skip
            for row in chunk:
                yield {
                    "id": row["pk"],
                    "name_en": row["name_en"],
                    "name_zh_hant": row["name_zh_hant"],
                    "kind": _label(Outlet.Kind, row["kind"]),
                    "language": _label(Language, row["language"]),
                    "region": row["region"],
                    "website": row["website"],
                    "contact_count": row["contact_number"],
                }


class DistributionListResource(FastExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    name = fields.Field(attribute="name", column_name="Name")
    owner = fields.Field(attribute="owner", column_name="Owner")
    description = fields.Field(attribute="description", column_name="Description")
    trusted_for_embargo = fields.Field(
        attribute="trusted_for_embargo", column_name="Trusted for embargo"
    )
    static_members = fields.Field(attribute="static_members", column_name="Static members")
    rule_beats = fields.Field(attribute="rule_beats", column_name="Rule: beats")
    rule_languages = fields.Field(attribute="rule_languages", column_name="Rule: languages")
    rule_outlet_kinds = fields.Field(
        attribute="rule_outlet_kinds", column_name="Rule: outlet types"
    )
    rule_regions = fields.Field(attribute="rule_regions", column_name="Rule: regions")
    members_now = fields.Field(attribute="members_now", column_name="Members now")
    created_at = fields.Field(attribute="created_at", column_name="Created")
    updated_at = fields.Field(attribute="updated_at", column_name="Updated")

    class Meta:
        model = DistributionList
        name = "Distribution lists"
        fields = (
            "id", "name", "owner", "description", "trusted_for_embargo", "static_members",
            "rule_beats", "rule_languages", "rule_outlet_kinds", "rule_regions", "members_now",
            "created_at", "updated_at",
        )  # fmt: skip
        export_order = fields

    def export_rows(self, queryset: QuerySet[Any]) -> Iterator[dict[str, Any]]:
        if self.user is not None:
            visible = DistributionList.objects.editable_by(self.user)
            queryset = queryset.filter(pk__in=visible.values("pk"))
        queryset = (
            queryset.select_related("owner")
            .prefetch_related("rule_beats")
            .annotate(static_number=Count("members", distinct=True))
        )
        # Lists are few: the live count (members plus rule matches) is one query each.
        for distribution_list in queryset:
            rule_beats = list(distribution_list.rule_beats.all())
            yield {
                "id": distribution_list.pk,
                "name": distribution_list.name,
                "owner": distribution_list.owner.name_en,
                "description": distribution_list.description,
                "trusted_for_embargo": distribution_list.trusted_for_embargo,
                "static_members": distribution_list.static_number,
                "rule_beats": ", ".join(beat.name_en for beat in rule_beats),
                "rule_languages": ", ".join(
                    _label(Language, value) for value in distribution_list.rule_languages
                ),
                "rule_outlet_kinds": ", ".join(
                    _label(Outlet.Kind, value) for value in distribution_list.rule_outlet_kinds
                ),
                "rule_regions": ", ".join(distribution_list.rule_regions),
                # Counted among the contacts the exporter may see (contacts.scoping): an agency
                # never counts the in-house team's own journalists through a rule.
                "members_now": (
                    media_contacts_visible_to(self.user, distribution_list.contacts())
                    if self.user is not None
                    else distribution_list.contacts()
                ).count(),
                "created_at": distribution_list.created_at,
                "updated_at": distribution_list.updated_at,
            }


class SuppressionResource(FastExportResource):
    email = fields.Field(attribute="email", column_name="Email")
    reason = fields.Field(attribute="reason", column_name="Reason")
    source = fields.Field(attribute="source", column_name="Source")
    note = fields.Field(attribute="note", column_name="Note")
    created_at = fields.Field(attribute="created_at", column_name="Since")

    class Meta:
        model = Suppression
        name = "Suppression list"
        fields = ("email", "reason", "source", "note", "created_at")
        export_order = fields

    def export_rows(self, queryset: QuerySet[Any]) -> Iterator[dict[str, Any]]:
        for chunk in _chunks(queryset, ["email", "reason", "source", "note", "created_at"]):
            for row in chunk:
                yield {**row, "reason": _label(Suppression.Reason, row["reason"])}
