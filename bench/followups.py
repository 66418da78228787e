"""A "did not open" follow-up of one send of N deliveries (20,000 by default) on PostgreSQL (a
private cluster): the seed of bench/results.py, then RUNS times the check the confirmation page
makes (followup_check) and the expansion the tick makes when the follow-up starts
(chosen_expansion), in this process.

Ends with one line:  bench-followups deliveries=N check_ms=… expand_ms=… recipients=…  (medians)"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import django_setup, postgres  # noqa: E402


def main() -> None:
    n = int(os.environ.get("N", "20000"))
    runs = int(os.environ.get("RUNS", "5"))
    with postgres() as (database_url, _pid):
        django_setup(database_url)
        from bench.results import seed
        from distribution.followups import followup_check, followup_schedule
        from distribution.models import Send
        from distribution.recipients import chosen_expansion

        send = Send.objects.select_related("release").get(pk=seed(n))
        checks, expansions, recipients = [], [], 0
        for _run in range(runs):
            begin = time.perf_counter()
            plan = followup_check(parent=send, audience=Send.Audience.NOT_OPENED)
            checks.append((time.perf_counter() - begin) * 1000)
            recipients = len(plan.recipients)
        follow_up = followup_schedule(parent=send, audience=Send.Audience.NOT_OPENED)
        for _run in range(runs):
            begin = time.perf_counter()
            expansion = chosen_expansion(send=follow_up, lists=[])
            expansions.append((time.perf_counter() - begin) * 1000)
            assert len(expansion.recipients) == recipients
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            chosen_expansion(send=follow_up, lists=[])
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    print(
        f"bench-followups deliveries={n} check_ms={statistics.median(checks):.0f} "
        f"expand_ms={statistics.median(expansions):.0f} recipients={recipients} runs={runs} "
        f"load={os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
