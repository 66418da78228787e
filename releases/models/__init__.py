"""The release domain's models, one module per kind of thing: `release` (issuers, releases,
translations, assets, enquiry contacts, comments), `boilerplates` (the issuer's versioned "About"
paragraph), `templates` (release templates), `corrections` (corrections of published releases),
`source_files` (the documents intake made a release from), `analytics` (the newsroom's counts),
`search` (its search index and version), all on `common` (languages, rich text, times);
`analytics` and `search` build on `release`. The rest of the project imports from
`releases.models`."""

from releases.models.analytics import (
    NewsroomCount,
)
from releases.models.boilerplates import (
    Boilerplate,
    BoilerplateVersion,
    boilerplate_current,
    has_own_heading,
)
from releases.models.common import (
    RICH_TEXT,
    ContentLanguage,
    format_in_zone,
    rich_text_field,
)
from releases.models.corrections import (
    Correction,
)
from releases.models.release import (
    PIN_LOCKED_STATUSES,
    THUMBNAIL_SOURCE_FORMATS,
    Asset,
    CheckedFinding,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseComment,
    ReleaseQuerySet,
    ReleaseTranslation,
    asset_upload_to,
    pin_problem,
    sanitise_html,
)
from releases.models.search import (
    NewsroomVersion,
    ReleaseSearch,
)
from releases.models.source_files import (
    ReleaseSourceFile,
)
from releases.models.templates import (
    ReleaseTemplate,
    ReleaseTemplateContact,
    ReleaseTemplateTranslation,
)

__all__ = [
    "PIN_LOCKED_STATUSES",
    "RICH_TEXT",
    "THUMBNAIL_SOURCE_FORMATS",
    "Asset",
    "Boilerplate",
    "BoilerplateVersion",
    "CheckedFinding",
    "ContentLanguage",
    "Correction",
    "EnquiryContact",
    "Issuer",
    "NewsroomCount",
    "NewsroomVersion",
    "Release",
    "ReleaseComment",
    "ReleaseQuerySet",
    "ReleaseSearch",
    "ReleaseSourceFile",
    "ReleaseTemplate",
    "ReleaseTemplateContact",
    "ReleaseTemplateTranslation",
    "ReleaseTranslation",
    "asset_upload_to",
    "boilerplate_current",
    "format_in_zone",
    "has_own_heading",
    "pin_problem",
    "rich_text_field",
    "sanitise_html",
]
