"""`make bench-newsroom`: server time of the public newsroom's index and release pages with 5,000
releases (two languages each) and 50,000 assets.

It builds a fresh database (a test database next to DATABASE_URL's on PostgreSQL, a file under a
temporary folder with SQLite), fills it with bulk inserts, then calls the WSGI application
in-process, as gunicorn would, with DEBUG off: the time measured is Django's, from request to the
last byte of the body, middleware included, network excluded. It reports the median of many
requests after a warm-up, the database share of that time, and the queries each page makes; then
drops the database and exits. The last line is the summary:

    bench-newsroom releases=N page_cache_s=… index_ms=… release_ms=… search_ms=… queries=…

page_cache_s is NEWSROOM_PAGE_CACHE_SECONDS: with the page cache on (the default), pages asked
for again come from it; NEWSROOM_PAGE_CACHE_SECONDS=0 measures every page rendered.

(queries is the most any index or release page made; both are bounded, whatever N.)

Options: --releases N (default 5000), --requests N per page kind (default 300), --verbose (each
page's slowest queries)."""

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-newsroom-only-not-a-secret")
os.environ["DEBUG"] = "0"
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ.setdefault("PRESSROOM_VAR_DIR", tempfile.mkdtemp(prefix="pressroom-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from contacts.models import Beat, Organisation, PRContact  # noqa: E402
from releases.models import (  # noqa: E402  # noqa: E402
    Asset,
    Boilerplate,
    BoilerplateVersion,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseTranslation,
)
from releases.search import search_index_rebuild  # noqa: E402

NOW = datetime.now(UTC)
ASSETS_PER_RELEASE = 10
rng = random.Random(2025)

PARAGRAPH_EN = (
    "The World Intellectual Property Organization today published the cluster ranking of its "
    "Global Innovation Index, and the cluster now stands first among the world's top 100 "
    "science and technology clusters; the park welcomed the result and congratulated everyone "
    "behind it. "
)
PARAGRAPH_ZH = (
    "世界知識產權組織今天公布全球創新指數全球百強科技集群排名，集群位列全球第一。"
    "科技園對此表示歡迎，並向各方致賀。今年的排名首次把風險資本交易納入評估。"
)
WORDS_EN = ["fintech", "AI", "start-up", "robotics", "cluster", "investors", "talent", "green"]
WORDS_ZH = ["金融科技", "人工智能", "初創", "機械人", "集群", "投資者", "人才", "綠色"]


def build(release_count: int) -> dict[str, Any]:
    """Bulk-insert the newsroom: returns ids and facts the requests are drawn from."""
    team = Organisation.objects.create(name_en="Park comms", kind=Organisation.Kind.IN_HOUSE)
    issuer = Issuer.objects.create(
        name_en="Harbourfront Technology Park",
        name_zh_hant="海濱科技園",
        slug="park",
        organisation=team,
    )
    for language, paragraph in (("en", PARAGRAPH_EN), ("zh-hant", PARAGRAPH_ZH)):
        boilerplate = Boilerplate.objects.create(issuer=issuer, language=language)
        BoilerplateVersion.objects.create(
            boilerplate=boilerplate, number=1, text="<p>" + paragraph * 3 + "</p>"
        )
    topics = Beat.objects.bulk_create(
        Beat(slug=f"topic-{n}", name_en=f"Topic {n}", name_zh_hant=f"主題 {n}") for n in range(12)
    )
    contacts = PRContact.objects.bulk_create(
        PRContact(
            organisation=team, name_en=f"Officer {n}", name_zh_hant=f"主任 {n}",
            title_en="Manager", title_zh_hant="經理", phone="(852) 5550 0101",
            email=f"officer{n}@park.example.com",
        )
        for n in range(6)
    )  # fmt: skip
    releases = []
    for n in range(release_count):
        kind = rng.random()
        if kind < 0.9:  # published long ago
            status, embargo = Release.Status.PUBLISHED, NOW - timedelta(days=rng.randint(1, 3650))
        elif kind < 0.95:  # embargoed, lifting later
            status, embargo = Release.Status.SCHEDULED, NOW + timedelta(days=rng.randint(1, 30))
        else:
            status, embargo = Release.Status.DRAFT, None
        releases.append(
            Release(
                issuer=issuer,
                slug=f"release-{n}",
                status=status,
                release_type=(
                    Release.ReleaseType.EMBARGOED if embargo else Release.ReleaseType.IMMEDIATE
                ),
                embargo_until=embargo,
                release_date=(embargo or NOW).date(),
            )
        )
    releases = Release.objects.bulk_create(releases, batch_size=1000)
    translations = []
    for release in releases:
        body_en = "".join(
            f"<p>{PARAGRAPH_EN} {rng.choice(WORDS_EN)} {release.slug}.</p>" for _ in range(8)
        )
        body_zh = "".join(f"<p>{PARAGRAPH_ZH}{rng.choice(WORDS_ZH)}。</p>" for _ in range(8))
        translations += [
            ReleaseTranslation(
                release=release, language="en",
                headline=f"Cluster ranked first: {rng.choice(WORDS_EN)} release {release.slug}",
                subheadline="The park welcomes the ranking and congratulates everyone",
                body=body_en,
            ),
            ReleaseTranslation(
                release=release, language="zh-hant",
                headline=f"集群奪全球第一：{rng.choice(WORDS_ZH)} 新聞稿 {release.pk}",
                subheadline="科技園歡迎排名結果並向各方致賀", body=body_zh,
            ),
        ]  # fmt: skip
    ReleaseTranslation.objects.bulk_create(translations, batch_size=1000)
    assets = []
    kinds = [Asset.Kind.PHOTO] * 5 + [Asset.Kind.VIDEO] * 2 + [Asset.Kind.DOCUMENT] * 3
    for release in releases:
        for order in range(ASSETS_PER_RELEASE):
            uploaded = order < 5 or order >= 7
            assets.append(
                Asset(
                    release=release, kind=kinds[order], order=order,
                    caption_en=f"Photo {order} of {release.slug}", caption_zh_hant=f"相片 {order}",
                    file=f"assets/{uuid.uuid4().hex}/photo-{order}.jpg" if uploaded else "",
                    external_url="" if uploaded else f"https://video.example.com/{release.pk}/{order}",
                )
            )  # fmt: skip
    Asset.objects.bulk_create(assets, batch_size=2000)
    EnquiryContact.objects.bulk_create(
        (
            EnquiryContact(release=release, pr_contact=contact, order=order)
            for release in releases
            for order, contact in enumerate(rng.sample(contacts, 2))
        ),
        batch_size=2000,
    )
    through = Release.topics.through
    through.objects.bulk_create(
        (
            through(release_id=release.pk, beat_id=topic.pk)
            for release in releases
            for topic in rng.sample(topics, rng.randint(1, 2))
        ),
        batch_size=2000,
    )
    indexed = time.perf_counter()
    search_index_rebuild()  # what the model's signals do one release at a time
    print(f"  search index built in {time.perf_counter() - indexed:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    public = list(Release.objects.public(NOW).values_list("pk", "slug"))
    years = sorted({r.release_date.year for r in releases if r.status != Release.Status.DRAFT})
    return {
        "public": public,
        "years": years,
        "topics": [t.slug for t in topics],
        "pages": -(-len(public) // 20),
        "assets": Asset.objects.count(),
    }


def environ(path: str, query: str = "") -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def call(app: WSGIHandler, url: str) -> tuple[str, bytes]:
    path, _, query = url.partition("?")
    answer: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[..., None]:
        answer.append(status)
        return lambda data: None

    chunks = app(environ(path, query), start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer[0], body


VERBOSE = False


def _shape(sql: str) -> str:
    """A query without its values and columns, short enough for one line."""
    sql = re.sub(r"'[^']*'(::\w+)?|\b\d+\b", "?", sql)
    sql = re.sub(r"IN \((\?, )*\?\)", "IN (…)", sql)
    words = sql.replace('"', "").split()
    start = words.index("FROM") if "FROM" in words else 0
    return " ".join([*words[:2], "…", *words[start : start + 14]])[:150]


def measure(
    app: WSGIHandler, urls: Callable[[], str], requests: int, name: str = ""
) -> dict[str, float]:
    """Median and 95th percentile of wall time per request, after a warm-up, and the median CPU
    time of this process (Django and, on SQLite, the database; less disturbed than wall time by
    other work on the machine); the database time and query count of a sample are measured in a
    separate pass (capturing adds overhead)."""
    for _ in range(max(20, requests // 10)):
        status, _body = call(app, urls())
        assert status.startswith(("200", "301")), status
    times, cpu = [], []
    for _ in range(requests):
        url = urls()
        started, started_cpu = time.perf_counter(), time.process_time()
        status, _body = call(app, url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert status.startswith("200"), (url, status)
    db_ms, queries = [], []
    slowest: dict[str, list[float]] = {}
    for _ in range(min(50, requests)):
        with CaptureQueriesContext(connection) as captured:
            call(app, urls())
        queries.append(len(captured.captured_queries))
        db_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        for query in captured.captured_queries:
            slowest.setdefault(_shape(query["sql"]), []).append(float(query["time"]) * 1000)
    if VERBOSE:
        print(f"    {name}: slowest queries (median)")
        ranked = sorted(slowest.items(), key=lambda item: -statistics.median(item[1]))
        for sql, spent in ranked[:4]:
            print(f"      {statistics.median(spent):6.2f} ms  {sql}")
    times.sort()
    return {
        "median": statistics.median(times),
        "cpu_median": statistics.median(cpu),
        "p95": times[int(len(times) * 0.95) - 1],
        "db_median": statistics.median(db_ms),
        "queries": max(queries),
    }


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--releases", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--verbose", action="store_true", help="show each page's slowest queries")
    options = parser.parse_args(list(argv) if argv is not None else None)
    global VERBOSE
    VERBOSE = options.verbose

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        database.setdefault("TEST", {})["NAME"] = str(
            Path(os.environ["PRESSROOM_VAR_DIR"]) / "bench-newsroom.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        facts = build(options.releases)
        print(
            f"{connection.vendor}: {options.releases} releases ({len(facts['public'])} public), "
            f"{facts['assets']} assets, built in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        app = WSGIHandler()
        public, years, topics, pages = (
            facts["public"], facts["years"], facts["topics"], facts["pages"]
        )  # fmt: skip

        def index_url() -> str:
            language = rng.choice(["en", "zh-hant"])
            return rng.choice(
                [
                    f"/{language}/",
                    f"/{language}/?page={rng.randint(1, pages)}",
                    f"/{language}/?year={rng.choice(years)}",
                    f"/{language}/?topic={rng.choice(topics)}",
                    f"/{language}/?topic={rng.choice(topics)}&year={rng.choice(years)}",
                ]
            )

        def release_url() -> str:
            pk, slug = rng.choice(public)
            return f"/{rng.choice(['en', 'zh-hant'])}/releases/{pk}-{slug}/"

        def search_url() -> str:
            # A word of the headlines and bodies (in about 70% of releases), a two-character
            # Chinese word of every release, or a release's own number.
            word = rng.choice(
                [*WORDS_EN, *WORDS_ZH, "集群", "創新", f"release-{rng.randrange(len(public))}"]
            )
            return f"/{rng.choice(['en', 'zh-hant'])}/?q={quote(word)}"

        results = {
            "index": measure(app, index_url, options.requests, "index"),
            "release": measure(app, release_url, options.requests, "release"),
            "search": measure(app, search_url, max(30, options.requests // 10), "search"),
            "feed": measure(
                app, lambda: rng.choice(["/en/feed/rss/", "/zh-hant/feed/atom/"]), 30, "feed"
            ),
            "sitemap": measure(app, lambda: "/sitemap.xml", 10, "sitemap"),
        }
        for name, figures in results.items():
            print(
                f"  {name:8} median {figures['median']:7.2f} ms  p95 {figures['p95']:7.2f} ms  "
                f"this process's CPU {figures['cpu_median']:6.2f} ms  "
                f"database {figures['db_median']:6.2f} ms  queries {figures['queries']}",
                flush=True,
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"  load average during the run: {load} on {os.cpu_count()} CPUs", flush=True)
    index, release = results["index"], results["release"]
    print(
        f"bench-newsroom releases={options.releases} "
        f"page_cache_s={settings.NEWSROOM_PAGE_CACHE_SECONDS} index_ms={index['median']:.1f} "
        f"release_ms={release['median']:.1f} search_ms={results['search']['median']:.1f} "
        f"queries={max(int(index['queries']), int(release['queries']))}"
    )


if __name__ == "__main__":
    main()
