"""`manage.py search_index`: rebuild the newsroom's search index from every release's text (after
a bulk load that bypassed the model's signals). Nothing to do on SQLite."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from releases.search import search_index_rebuild, searching_in_postgres


class Command(BaseCommand):
    help = "Rebuild the newsroom's search index (PostgreSQL)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not searching_in_postgres():
            self.stdout.write("SQLite: the newsroom searches the text itself; no index to build.")
            return
        started = time.perf_counter()
        written = search_index_rebuild()
        self.stdout.write(f"{written} releases indexed in {time.perf_counter() - started:.1f} s.")
