"""One polling round of outlet feeds, and how well stories are matched to releases.

500 outlets with one feed each (FEEDS=…), 50 items a feed (ITEMS=…), 200 releases public in
the last days (RELEASES=…), from the labelled fixture in bench/coverage_fixture.py. The feeds
are served from loopback by a separate process (its CPU counted apart); the round runs in this
process as a worker runs it (`coverage.polling.feeds_poll`: fetchers in threads, parse, match,
record proposals) on PostgreSQL (a private cluster, or BENCH_DATABASE_URL). A second round
follows, every feed answering 304 Not Modified to its ETag.

Ends with one line:
  bench-coverage feeds=… items=… releases=… round_s=… cpu_s=… server_cpu_s=… proposed=…
  precision=… recall=… round304_s=…
Precision counts (story, release) pairs proposed that the fixture labels right; recall the
labelled stories proposed with their release."""

import hashlib
import multiprocessing
import os
import sys
import time
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.coverage_fixture import Fixture, build  # noqa: E402
from bench.servers import cpu_seconds, django_setup, free_port, postgres  # noqa: E402


def rss(items: list, published: str) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.link)}</link>"
        f"<description>{escape(i.summary)}</description><pubDate>{published}</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet'
        f"</title><link>https://outlet.example.com/</link>{entries}</channel></rss>"
    ).encode()


def serve(port: int, bodies: dict[str, bytes]) -> None:
    etags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, body in bodies.items()}  # noqa: S324

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            if body is None:
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == etags[self.path]:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etags[self.path])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.serve_forever()


def seed(fixture: Fixture, port: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from contacts.models import Organisation, Outlet
    from coverage.models import OutletFeed
    from releases.models import Issuer, Release, ReleaseTranslation

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name_en="Bench comms", kind="in_house")
    issuer = Issuer.objects.create(name_en="Bench issuer", slug="bench", organisation=organisation)
    now = timezone.now()
    for release in fixture.releases:
        row = Release.objects.create(
            issuer=issuer, slug=f"r{release.number}", status="published",
            published_at=now - timedelta(days=3, hours=release.number % 48),
        )  # fmt: skip
        ReleaseTranslation.objects.bulk_create([
            ReleaseTranslation(release=row, language="en", headline=release.headline_en,
                               body=release.body_en),
            ReleaseTranslation(release=row, language="zh-hant", headline=release.headline_zh,
                               body=release.body_zh),
        ])  # fmt: skip
    outlets = Outlet.objects.bulk_create(
        [Outlet(name_en=f"Outlet {k}", website=f"https://outlet{k}.example.com")
         for k in range(len(fixture.feeds))]
    )  # fmt: skip
    OutletFeed.objects.bulk_create(
        [OutletFeed(outlet=outlet, url=f"http://127.0.0.1:{port}/feed/{k}.xml")
         for k, outlet in enumerate(outlets)]
    )  # fmt: skip


def score(fixture: Fixture) -> tuple[int, float, float]:
    from coverage.models import CoverageItem
    from releases.models import Release

    number_of = {pk: int(slug[1:]) for pk, slug in Release.objects.values_list("pk", "slug")}
    truth = {link: covers for link, covers in fixture.labelled.items()}
    canonical = {link.replace("https://", "https://", 1): covers for link, covers in truth.items()}
    pairs = right = 0
    found: set[str] = set()
    for item in CoverageItem.objects.prefetch_related("releases"):
        expected = canonical.get(item.url)
        for release in item.releases.all():
            pairs += 1
            if expected is not None and number_of[release.pk] == expected:
                right += 1
                found.add(item.url)
    wanted = sum(1 for covers in truth.values() if covers is not None)
    precision = right / pairs if pairs else 0.0
    recall = len(found) / wanted if wanted else 0.0
    return pairs, precision, recall


def main() -> None:
    feeds = int(os.environ.get("FEEDS", "500"))
    items = int(os.environ.get("ITEMS", "50"))
    releases = int(os.environ.get("RELEASES", "200"))
    fixture = build(releases=releases, feeds=feeds, items=items)
    published = format_datetime(
        __import__("datetime").datetime.now(__import__("datetime").UTC) - timedelta(hours=6),
        usegmt=True,
    )
    bodies = {f"/feed/{k}.xml": rss(feed, published) for k, feed in enumerate(fixture.feeds)}
    port = free_port()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(port, bodies))
    server.start()
    try:
        with postgres() as (database_url, _pid):
            django_setup(database_url, COVERAGE_ALLOW_LOOPBACK="1", COVERAGE_FETCH_TIMEOUT="10")
            seed(fixture, port)
            from django.utils import timezone

            from coverage.polling import feeds_claim, feeds_poll

            assert server.pid is not None
            server_before = cpu_seconds([server.pid])
            cpu_before, started = time.process_time(), time.monotonic()
            stats = feeds_poll(feed_ids=feeds_claim(now=timezone.now(), limit=10_000))
            round_s = time.monotonic() - started
            cpu_s = time.process_time() - cpu_before
            server_cpu = cpu_seconds([server.pid]) - server_before
            assert stats.fetched == feeds, stats
            pairs, precision, recall = score(fixture)
            from coverage.models import OutletFeed

            OutletFeed.objects.update(next_poll_at=None)
            started = time.monotonic()
            again = feeds_poll(feed_ids=feeds_claim(now=timezone.now(), limit=10_000))
            round304 = time.monotonic() - started
            assert again.not_modified == feeds, again
    finally:
        server.terminate()
        server.join()
    print(
        f"bench-coverage feeds={feeds} items={feeds * items} releases={releases} "
        f"round_s={round_s:.1f} cpu_s={cpu_s:.1f} server_cpu_s={server_cpu:.1f} "
        f"proposed={stats.proposed} pairs={pairs} precision={precision:.3f} "
        f"recall={recall:.3f} round304_s={round304:.1f}"
    )


if __name__ == "__main__":
    main()
