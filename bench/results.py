"""The results page of one send of N deliveries (100,000 by default) on PostgreSQL (a private
cluster, or BENCH_DATABASE_URL): deliveries, media contacts at 300 outlets, opens and clicks
spread over two days, 20,000 asset clicks — all made in bulk — then the page is requested
RUNS times through Django's test client in this process (server time: the whole request,
middleware and template included) with the query count.

Ends with one line:  bench-results deliveries=N page_ms=… queries=…  (the median of the runs)"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import django_setup, postgres  # noqa: E402

SENT_AT = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)


def seed(n: int) -> int:
    from django.core.management import call_command

    from contacts.models import MediaContact, Organisation, Outlet
    from distribution.models import AssetClick, Delivery, Send
    from releases.models import Asset, Issuer, Release

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name_en="Bench comms", kind="in_house")
    issuer = Issuer.objects.create(name_en="Bench park", slug="bench", organisation=organisation)
    release = Release.objects.create(issuer=issuer, slug="bench", status="published")
    assets = [
        Asset.objects.create(
            release=release, caption_en=f"Photo {k}", external_url=f"https://drive.example.com/{k}"
        )
        for k in range(6)
    ]
    send = Send.objects.create(
        release=release, status="sent", scheduled_at=SENT_AT, started_at=SENT_AT, kind="immediate"
    )
    outlets = Outlet.objects.bulk_create(
        [Outlet(name_en=f"Outlet {k}", name_zh_hant=f"媒體 {k}", kind="online") for k in range(300)]
    )
    contacts = MediaContact.objects.bulk_create(
        [
            MediaContact(
                email=f"r{k}@bench.example.com", name_en=f"Reporter {k}", outlet=outlets[k % 300]
            )
            for k in range(n)
        ],
        batch_size=10_000,
    )
    statuses = [
        "delivered",
        "delivered",
        "opened",
        "clicked",
        "sent",
        "bounced",
        "opened",
        "delivered",
    ]
    rows = []
    for k, contact in enumerate(contacts):
        status = statuses[k % len(statuses)]
        minute = timedelta(minutes=(k * 7) % (48 * 60))
        rows.append(
            Delivery(
                send=send,
                contact=contact,
                email=contact.email,
                language=("en", "zh-hant", "both")[k % 3],
                status=status,
                sent_at=SENT_AT,
                opened_at=SENT_AT + minute if status in {"opened", "clicked"} else None,
                clicked_at=SENT_AT + minute if status == "clicked" else None,
                machine_opened_at=SENT_AT if k % 5 == 0 else None,
                unsubscribed_at=SENT_AT + minute if k % 97 == 0 else None,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=10_000)
    clicked = list(
        Delivery.objects.filter(send=send, status="clicked").values_list(
            "pk", "contact__outlet_id"
        )[:20_000]
    )
    AssetClick.objects.bulk_create(
        [
            AssetClick(
                delivery_id=pk,
                send=send,
                outlet_id=outlet_id,
                asset=assets[k % 6],
                clicked_at=SENT_AT + timedelta(hours=k % 48),
                is_machine=k % 4 == 0,
            )
            for k, (pk, outlet_id) in enumerate(clicked)
        ],
        batch_size=10_000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
    return send.pk


def main() -> None:
    n = int(os.environ.get("N", "100000"))
    runs = int(os.environ.get("RUNS", "5"))
    with postgres() as (database_url, _pid):
        django_setup(database_url, ALLOWED_HOSTS="testserver", SECURE_COOKIES="0")
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        started = time.perf_counter()
        send_id = seed(n)
        print(f"seeded {n} deliveries in {time.perf_counter() - started:.1f} s", flush=True)
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
        client = Client()
        client.force_login(user)
        url = reverse("admin:distribution_send_results", args=[send_id])
        timings, queries = [], []
        for run in range(runs + 1):
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(url, {"page": "7"})
                elapsed = (time.perf_counter() - begin) * 1000
            assert response.status_code == 200, response.status_code
            assert f'data-count="recipients">{n}<' in response.content.decode()
            if run:  # the first request warms the connection and the template cache
                timings.append(elapsed)
                queries.append(len(captured.captured_queries))
                print(f"run {run}: {elapsed:.0f} ms, {len(captured)} queries", flush=True)
                if os.environ.get("SHOW_QUERIES") and run == 1:
                    slow = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
                    for query in slow[:8]:
                        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
                    if os.environ.get("EXPLAIN"):
                        with connection.cursor() as cursor:
                            for query in slow[:3]:
                                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                                print("\n".join(row[0] for row in cursor.fetchall()))
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            client.get(url, {"page": "7"})
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        filtered = client.get(url, {"status": "clicked", "language": "en", "page": "3"})
        assert filtered.status_code == 200
    print(
        f"bench-results deliveries={n} page_ms={statistics.median(timings):.0f} "
        f"queries={int(statistics.median(queries))} runs={runs} load={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
