"""`make bench-import` (N rows, default 100,000): how fast a messy media-contacts CSV is checked
and imported, and how fast the media database exports to XLSX.

Runs against a throwaway database it creates and drops itself: a temporary PostgreSQL database on
the server DATABASE_URL names (a sibling of it, `test_…`), or a temporary SQLite file when
DATABASE_URL is unset. The file is generated here: mixed-case duplicates, Chinese names and
headers, a BOM, CRLF inside quoted notes, blank lines, bad addresses; a tenth of the addresses
are already known (with blanks for the import to fill) and some are suppressed.

Prints a few lines of detail, then ends with one line:
  bench-import rows=N dry_run_s=… import_s=… rows_per_s=… export_xlsx_s=… peak_rss_mb=…
peak_rss_mb is the process's peak resident memory when the import has finished (the import runs
in this process exactly as it runs in a Celery worker); the export's own peak is printed above.
"""

import argparse
import csv
import io
import os
import random
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

MAX_ROWS = 1_000_000
TIME_LIMIT_SECONDS = 900

SURNAMES = [("Chan", "陳"), ("Wong", "黃"), ("Lee", "李"), ("Cheung", "張"), ("Lau", "劉"),
            ("Ng", "吳"), ("Ho", "何"), ("Leung", "梁"), ("Lam", "林"),
            ("Tsang", "曾")]  # fmt: skip
GIVEN = ["Mary", "Alex", "Chris", "Ivy", "Kelvin", "Natalie", "Ben", "Joyce", "Ray", "Winnie"]
GIVEN_ZH = ["美玲", "家明", "志強", "嘉欣", "偉傑", "詠詩", "子軒", "慧敏", "浩然", "雅婷"]
OUTLETS = [(f"Harbour Daily {n}", f"港灣日報{n}") for n in range(30)]
BEATS = ["Technology", "AI", "Fintech", "Startups", "Property", "創科", "財經", "Innovation"]
LANGUAGES = ["English", "中文", "Both", "", "en", "zh-hant", "中英"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_cpu_seconds() -> float | None:
    """CPU time the PostgreSQL backend serving this connection has used, when it runs on this
    machine: with the process's own CPU time, the work done whatever else loads the machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def messy_csv(rows: int, seed: int = 5) -> tuple[bytes, list[str]]:
    """A contacts CSV as an agency would send it, and the addresses it holds."""
    rng = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["電郵 Email", "姓名", "Name (English)", "機構", "範疇", "語言", "電話",
                     "Job title", "Lists", "備註", "ID"])  # fmt: skip
    emails: list[str] = []
    for n in range(rows):
        if n and n % 50 == 0:
            # An earlier address again, in another case: merged, not duplicated.
            email = rng.choice(emails[-40:]).upper()
        elif n % 997 == 0:
            email = f"not-an-address-{n}"
        else:
            email = f"reporter{n}@newsroom{n % 97}.example.com"
            emails.append(email)
        surname, surname_zh = rng.choice(SURNAMES)
        outlet_en, outlet_zh = rng.choice(OUTLETS)
        writer.writerow(
            [
                f" {email} " if n % 7 == 0 else email,
                f"{surname_zh}{rng.choice(GIVEN_ZH)}",
                f"{rng.choice(GIVEN)} {surname}",
                outlet_zh if n % 3 == 0 else outlet_en,
                "、".join(rng.sample(BEATS, rng.randint(1, 3))),
                rng.choice(LANGUAGES),
                f"+852 5{n % 1000:03d} {n % 10000:04d}",
                "Reporter",
                "Tech desk" if n % 4 == 0 else "",
                "Met at the launch\r\nprefers WhatsApp" if n % 11 == 0 else "",
                str(n),
            ]
        )
        if n % 1000 == 999:
            out.write("\r\n")  # a blank line, as spreadsheets leave them
    return ("\ufeff" + out.getvalue()).encode("utf-8"), emails


def _out_of_time(signum: int, frame: Any) -> None:
    raise SystemExit(f"bench-import: stopped after {TIME_LIMIT_SECONDS} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=int(os.environ.get("N", "100000")))
    args = parser.parse_args()
    rows = max(10, min(args.rows, MAX_ROWS))
    # The benchmark stops by itself, whatever happens, and still drops its database.
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(TIME_LIMIT_SECONDS)

    var_dir = tempfile.mkdtemp(prefix="pressroom-bench-")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["PRESSROOM_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if connection.vendor == "sqlite":
        # A file with WAL, as `make run` uses it, not the test runner's in-memory database.
        connection.settings_dict["TEST"]["NAME"] = str(Path(var_dir) / "bench.sqlite3")
    settings.IMPORT_MAX_BYTES = 1024 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = MAX_ROWS
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        run(rows, get_user_model())
    finally:
        teardown_databases(old_config, verbosity=0)


def run(rows: int, user_model: Any) -> None:
    from django.db import connection

    from contacts.models import MediaContact, Membership, Organisation, Suppression
    from contacts.resources import MediaContactResource, SafeXLSX
    from contacts.services import contacts_import

    started = time.perf_counter()
    data, emails = messy_csv(rows)
    seconds = time.perf_counter() - started
    print(f"generated {rows:,} rows, {len(data) / 1e6:.1f} MB in {seconds:.1f} s")

    # A tenth of the addresses are known already, some with blanks the import fills; a few are
    # suppressed and must stay so.
    known = emails[::10]
    MediaContact.objects.bulk_create(
        [MediaContact(email=email, name_en="Known Reporter", phone="") for email in known],
        batch_size=5000,
    )
    Suppression.objects.bulk_create(
        [
            Suppression(email=email, reason=Suppression.Reason.UNSUBSCRIBE)
            for email in emails[5::500]
        ]
    )
    officer = user_model.objects.create_superuser("bench", "bench@example.com", "bench")
    team = Organisation.objects.create(name_en="Bench comms", kind=Organisation.Kind.IN_HOUSE)
    Membership.objects.create(user=officer, organisation=team)

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    checked = contacts_import(data=data, file_name="bench.csv", by=officer, dry_run=True)
    dry_run_s = time.perf_counter() - started
    assert MediaContact.objects.count() == len(known), "the dry run wrote to the database"

    database_cpu = database_cpu_seconds()
    started, cpu = time.perf_counter(), time.process_time()
    imported = contacts_import(data=data, file_name="bench.csv", by=officer, dry_run=False)
    import_s, import_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    database_cpu_after = database_cpu_seconds()
    database_cpu_s = (
        database_cpu_after - database_cpu
        if database_cpu is not None and database_cpu_after is not None
        else None
    )
    import_peak = peak_rss_mb()
    counts = imported["counts"]
    database_part = (
        f" + {database_cpu_s:.1f} s of the database backend's" if database_cpu_s is not None else ""
    )
    print(
        f"database: {connection.vendor}; load average before the import {load_before:.1f}; "
        f"import: {import_cpu_s:.1f} s of this process's CPU{database_part} in {import_s:.1f} s"
    )
    print(
        "check: "
        + ", ".join(f"{name}={checked['counts'][name]}" for name in ("new", "updated", "invalid"))
        + f"; timings {checked['timings']}"
    )
    print(
        "import: "
        + ", ".join(f"{name}={value}" for name, value in counts.items())
        + f"; timings {imported['timings']}"
    )
    total = MediaContact.objects.count()
    assert total == len(known) + counts["new"], (total, counts)

    started = time.perf_counter()
    dataset = MediaContactResource().export(MediaContact.objects.all())
    xlsx = SafeXLSX().export_data(dataset)
    export_s = time.perf_counter() - started
    megabytes = len(xlsx) / 1e6
    print(f"export: {total:,} contacts, {megabytes:.1f} MB XLSX, peak RSS {peak_rss_mb():.0f} MB")

    print(
        f"bench-import rows={rows} dry_run_s={dry_run_s:.2f} import_s={import_s:.2f} "
        f"rows_per_s={rows / import_s:.0f} export_xlsx_s={export_s:.2f} "
        f"peak_rss_mb={import_peak:.0f}"
    )


if __name__ == "__main__":
    main()
