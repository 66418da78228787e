"""Newsroom search that understands Chinese (PostgreSQL), with a substring fallback (SQLite).

Chinese is written without spaces, so no word list splits it reliably, and PostgreSQL's trigram
index (pg_trgm) finds nothing for the two-character words most Chinese searches are (集群,
創科). We index character bigrams instead, the n-gram approach of Lucene's CJK analyser: each
run of Chinese characters becomes its overlapping pairs (科技集群 → 科技 技集 集群) plus its last
character, as words of PostgreSQL's "simple" configuration; a search for 科技集群 needs all of
科技, 技集 and 集群, one for 集群 the word 集群, one for a single character the prefix. All, not
the phrase 科技 <-> 技集 <-> 集群: a phrase makes PostgreSQL re-read every matching document to
check positions (240 ms for a word in 30,000 of 50,000 releases, 40 ms without), and three
overlapping pairs rarely meet anywhere but side by side. Everything else (English, numbers)
goes through the "english" configuration (stemmed: "ranking" finds "ranked"). One `tsvector`
per release holds every language (ReleaseSearch.document, GIN-indexed), another the headlines
only (title, GIN-indexed too): the releases whose headline matches come first.

The index follows the text: a translation saved or deleted rebuilds its release's row
(releases/receivers.py); `manage.py search_index` rebuilds every row (after a bulk load)."""

import re
from collections.abc import Iterable
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from releases.models import Release, ReleaseSearch, ReleaseTranslation

# CJK ideographs (unified, extension A, compatibility, extensions B and on).
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 160


def searching_in_postgres() -> bool:
    return connection.vendor == "postgresql"


def plain_text(html: str) -> str:
    return unescape(strip_tags(html or "")).replace("\xa0", " ")


def cjk_grams(text: str) -> str:
    """The Chinese of `text` as space-separated bigrams, each run ending with its last character."""
    grams: list[str] = []
    for run in CJK_RUN.findall(text):
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
        grams.append(run[-1])
    return " ".join(grams)


def other_text(text: str) -> str:
    """`text` without its Chinese characters (for the "english" configuration)."""
    return CJK_RUN.sub(" ", text)


# --- Building the index (PostgreSQL) ----------------------------------------------------------

_UPSERT = """
INSERT INTO {table} (release_id, title, document) VALUES (
    %(id)s,
    setweight(to_tsvector('english', %(title)s), 'A')
        || setweight(to_tsvector('simple', %(title_grams)s), 'A'),
    setweight(to_tsvector('english', %(title)s), 'A')
        || setweight(to_tsvector('simple', %(title_grams)s), 'A')
        || to_tsvector('english', %(body)s) || to_tsvector('simple', %(body_grams)s)
)
ON CONFLICT (release_id) DO UPDATE SET title = EXCLUDED.title, document = EXCLUDED.document
"""
# After a translation is deleted: rewrite a row that exists, add none (the release itself may be
# on its way out, its row already collected for deletion).
_UPDATE = """
UPDATE {table} SET
    title = setweight(to_tsvector('english', %(title)s), 'A')
        || setweight(to_tsvector('simple', %(title_grams)s), 'A'),
    document = setweight(to_tsvector('english', %(title)s), 'A')
        || setweight(to_tsvector('simple', %(title_grams)s), 'A')
        || to_tsvector('english', %(body)s) || to_tsvector('simple', %(body_grams)s)
WHERE release_id = %(id)s
"""


def _row(release_id: int, texts: list[tuple[str, str, str]]) -> dict[str, int | str]:
    title = " ".join(f"{headline} {subheadline}" for headline, subheadline, _body in texts)
    body = " ".join(plain_text(body) for _headline, _subheadline, body in texts)
    return {
        "id": release_id,
        "title": other_text(title),
        "title_grams": cjk_grams(title),
        "body": other_text(body),
        "body_grams": cjk_grams(body),
    }


def search_index_update(release_ids: Iterable[int], *, chunk: int = 500, add: bool = True) -> int:
    """Rebuild the index rows of these releases from their translations; the number written.
    `add=False`: only rows that exist. Nothing on SQLite, which searches the text itself."""
    if not searching_in_postgres():
        return 0
    ids = sorted(set(release_ids))
    written = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        texts: dict[int, list[tuple[str, str, str]]] = {pk: [] for pk in part}
        translations = ReleaseTranslation.objects.filter(release_id__in=part).order_by("language")
        for release_id, headline, subheadline, body in translations.values_list(
            "release_id", "headline", "subheadline", "body"
        ):
            texts[release_id].append((headline, subheadline, body))
        existing = set(Release.objects.filter(pk__in=part).values_list("pk", flat=True))
        rows = [_row(pk, found) for pk, found in texts.items() if pk in existing]
        table = connection.ops.quote_name(ReleaseSearch._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany((_UPSERT if add else _UPDATE).format(table=table), rows)
        written += len(existing)
    return written


def search_index_rebuild() -> int:
    ids = list(Release.objects.values_list("pk", flat=True))
    return search_index_update(ids)


# --- Searching --------------------------------------------------------------------------------


def search_query(text: str) -> SearchQuery | None:
    """The tsquery for what was typed: its English words and each Chinese run's bigrams, all of
    them (a single character as a prefix). None when nothing is searchable."""
    parts: list[SearchQuery] = []
    english = " ".join(WORD.findall(other_text(text)))
    if english:
        parts.append(SearchQuery(english, config="english", search_type="plain"))
    for run in CJK_RUN.findall(text):
        if len(run) == 1:
            parts.append(SearchQuery(f"'{run}':*", config="simple", search_type="raw"))
        else:
            grams = " ".join(run[i : i + 2] for i in range(len(run) - 1))
            parts.append(SearchQuery(grams, config="simple", search_type="plain"))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part
    return combined


def search_ids(
    releases: QuerySet[Release], text: str, *, limit: int | None = None
) -> tuple[list[int], bool]:
    """The ids of at most `limit` of `releases` that match `text`, the best first, and whether
    more match. On PostgreSQL from the index: the newest releases whose headline matches, of any
    age, then the newest of those that match in the text; on SQLite a substring match in any
    language's headline, sub-headline or body, newest first.

    Counting and ranking every match of a word found in most releases (30,000 of 50,000) cost
    270 ms a search; the newest `limit` headline matches (from the headlines' own index) and the
    newest `limit` text matches, each read along the newest-first index, cost 3 to 10 ms
    (`make bench-newsroom RELEASES=50000`). Past `limit` a reader is told "200 or more" and
    narrows by a word, a year or a topic, as they would past page ten anyway."""
    limit = limit or settings.NEWSROOM_SEARCH_RESULTS
    if searching_in_postgres():
        query = search_query(text)
        if query is None:
            return [], False
        titled = _newest(releases.filter(search__title=query), limit + 1)
        if len(titled) > limit:
            return titled[:limit], True
        # Every headline match is a match of the whole text too: read past them.
        in_text = _newest(releases.filter(search__document=query), limit + 1 + len(titled))
        seen = set(titled)
        ranked = titled + [pk for pk in in_text if pk not in seen]
        return ranked[:limit], len(ranked) > limit
    matches = ReleaseTranslation.objects.filter(release=OuterRef("pk")).filter(
        Q(headline__icontains=text) | Q(subheadline__icontains=text) | Q(body__icontains=text)
    )
    found = _newest(releases.filter(Exists(matches)), limit + 1)
    return found[:limit], len(found) > limit


def _newest(releases: QuerySet[Release], count: int) -> list[int]:
    return list(releases.order_by("-release_date", "-pk").values_list("pk", flat=True)[:count])


# --- Highlights -------------------------------------------------------------------------------


def search_terms(text: str) -> list[str]:
    """What to mark in a result: each Chinese run and each other word of at least two letters,
    longest first (so a longer term is marked whole)."""
    terms = CJK_RUN.findall(text) + [w for w in WORD.findall(other_text(text)) if len(w) > 1]
    return sorted(set(terms), key=len, reverse=True)


def highlighted(text: str, terms: list[str]) -> SafeString:
    """`text`, escaped, with each term marked (<mark>), whatever its case."""
    if not terms:
        return mark_safe(escape(text))  # noqa: S308 -- escaped
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out += [escape(text[last : found.start()]), f"<mark>{escape(found.group())}</mark>"]
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece escaped


def snippet(html: str, terms: list[str], length: int = SNIPPET_CHARS) -> SafeString:
    """A passage of the body around the first term found (its start when none is), marked."""
    text = " ".join(plain_text(html).split())
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - length // 3) if found else 0
    passage = text[start : start + length]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + highlighted(passage, terms) + suffix)  # noqa: S308 -- escaped
