"""What every model of the release domain builds on: the languages a release is written in, the
rich text a PR officer may use, and how a time is shown."""

import re
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django_prose_editor.fields import ProseEditorField, create_sanitizer

# What a PR officer may put in a release body; the same list configures the editor's toolbar
# and the nh3 sanitiser that cleans the HTML on save.
RICH_TEXT = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "HorizontalRule": True,
        # Tables arrive in releases written in Word (releases.intake).
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "History": True,
    }
}


# Chinese punctuation that ends a sentence or a clause, never a web address. The editor links an
# address as it is typed and takes a full-width 「。」 after it into the link.
CJK_PUNCTUATION = "。，、；：！？）」』》〉】"
_LINK_WITH_PUNCTUATION = re.compile(
    rf'<a href="([^"]*?)[{CJK_PUNCTUATION}]+"([^>]*)>(.*?)([{CJK_PUNCTUATION}]*)</a>', re.S
)


def links_stop_at_cjk_punctuation(html: str) -> str:
    """'<a href="…/photos。">…/photos。</a>' becomes '<a href="…/photos">…/photos</a>。'."""
    return _LINK_WITH_PUNCTUATION.sub(r'<a href="\1"\2>\3</a>\4', html)


def rich_text_field(verbose_name: str | Promise, **kwargs: object) -> ProseEditorField:
    # Applied last to first: nh3 cleans, then links lose the punctuation they took.
    sanitize = [links_stop_at_cjk_punctuation, create_sanitizer]
    return ProseEditorField(verbose_name, config=RICH_TEXT, sanitize=sanitize, **kwargs)


class ContentLanguage(models.TextChoices):
    """Languages a release can be written in; settings.LANGUAGES picks those offered."""

    EN = "en", "English"
    ZH_HANT = "zh-hant", "繁體中文"
    ZH_HANS = "zh-hans", "简体中文"


def format_in_zone(moment: datetime, zone: str | None = None) -> str:
    """'1 Sep 2025 10:00 HKT', or '2025年9月1日 10:00 HKT' when Chinese is active: how every
    time is shown to a PR officer or a journalist."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone or settings.TIME_ZONE))
    if (translation.get_language() or "").startswith("zh"):
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M} {local.tzname()}"
    return f"{local.day} {local:%b %Y %H:%M} {local.tzname()}"
