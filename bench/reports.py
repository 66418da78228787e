"""The leak report and the morning-after report on the send bench/results.py seeds (N deliveries,
100,000 by default; one in eight clicked: up to 20,000 asset clicks over two days) on PostgreSQL
(a private cluster, or BENCH_DATABASE_URL). The release's embargo is put six hours after the
send, the clicks get networks: each recipient one, every 50th recipient's link a network per
click (a leaked link). Each report is made RUNS times in this process through Django's test
client (server time).

Ends with one line:
  bench-reports deliveries=N clicks=… leak_ms=… suspects=… pdf_ms=… email_ms=…  (medians)"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import SENT_AT, seed  # noqa: E402
from bench.servers import django_setup, postgres  # noqa: E402


def networks(send_id: int) -> None:
    from django.db import connection

    from releases.models import Release

    Release.objects.filter(sends=send_id).update(embargo_until=SENT_AT + timedelta(hours=6))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE distribution_assetclick SET network_hash = md5((CASE WHEN delivery_id % 50 = 0"
            " THEN id ELSE delivery_id END)::text)"
        )
        cursor.execute("VACUUM ANALYZE distribution_assetclick")


def timed(runs: int, make: Callable[[], Any]) -> tuple[float, Any]:
    make()  # warm: connection, templates, fonts
    timings, result = [], None
    for _ in range(runs):
        begin = time.perf_counter()
        result = make()
        timings.append((time.perf_counter() - begin) * 1000)
    return statistics.median(timings), result


def main() -> None:
    n = int(os.environ.get("N", "100000"))
    runs = int(os.environ.get("RUNS", "5"))
    with postgres() as (database_url, _pid):
        django_setup(
            database_url,
            ALLOWED_HOSTS="testserver",
            SECURE_COOKIES="0",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        from distribution.models import AssetClick, Send
        from distribution.report import report_deliver

        started = time.perf_counter()
        send_id = seed(n)
        networks(send_id)
        print(f"seeded {n} deliveries in {time.perf_counter() - started:.1f} s", flush=True)
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
        send = Send.objects.select_related("release__issuer").get(pk=send_id)
        send.release.created_by = user
        send.release.save(update_fields=["created_by"])
        client = Client()
        client.force_login(user)

        def leak_page() -> int:
            response = client.get(reverse("admin:distribution_send_leaks", args=[send.release_id]))
            assert response.status_code == 200, response.status_code
            return response.content.decode().count('class="pr-panel pr-suspect"')

        def pdf() -> int:
            response = client.get(reverse("admin:distribution_send_report_pdf", args=[send_id]))
            assert response["Content-Type"] == "application/pdf"
            return len(response.content)

        leak_ms, suspects = timed(runs, leak_page)
        pdf_ms, size = timed(runs, pdf)
        email_ms, sent = timed(runs, lambda: report_deliver(send=send))
        assert sent == 1
        clicks = AssetClick.objects.count()
    print(
        f"bench-reports deliveries={n} clicks={clicks} leak_ms={leak_ms:.0f} "
        f"suspects={suspects} pdf_ms={pdf_ms:.0f} pdf_bytes={size} email_ms={email_ms:.0f} "
        f"runs={runs} load={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
