# Pressroom: `make run` to try it, `make test` to check it. Nothing else to install first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint typecheck djangocheck security deploycheck audit pytest install clean bench-send bench-webhooks bench-results bench-coverage

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Pressroom needs $(PYTHON) on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pressroom.launcher

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	DEBUG=1 $(BIN)/mypy .

djangocheck: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py check --fail-level WARNING
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(STAMP) gettext
	$(BIN)/pytest $(PYTEST_ARGS)

# Django's deployment checks under production settings (docs/deploy.md): a throwaway secret key,
# a real host name, HTTPS with HSTS. Any warning fails.
deploycheck: $(STAMP)
	env -u DEBUG SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=press.example.com SITE_URL=https://press.example.com BEHIND_HTTPS_PROXY=1 \
	  SECURE_SSL_REDIRECT=1 HSTS_SECONDS=31536000 HSTS_INCLUDE_SUBDOMAINS=1 HSTS_PRELOAD=1 \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# The fault-injection suite alone (tests/faults/, also part of `make test`): real worker
# processes, a Redis of its own and an SMTP sink; PostgreSQL when DATABASE_URL names it.
.PHONY: test-faults
test-faults: $(STAMP)
	$(BIN)/pytest tests/faults $(PYTEST_ARGS)


# Known vulnerabilities in the installed (pinned) dependencies: exits 2 when the vulnerability
# database cannot be reached, never a silent pass (deploy/audit_dependencies.py).
audit: $(STAMP)
	$(BIN)/python deploy/audit_dependencies.py

# In `make test` an unreachable database is said loudly (NOT AUDITED) but does not fail the run.
security: deploycheck
	AUDIT_UNREACHABLE_OK=1 $(BIN)/python deploy/audit_dependencies.py

test: lint typecheck djangocheck security pytest

# One embargo-moment blast through beat, worker processes (2, or WORKERS=n of concurrency 1),
# Redis and a C SMTP sink; prints one line. ESP=postmark (mailgun, brevo, resend) sends to that
# ESP's stand-in instead; RTT_MS=80 makes the receiver answer each request or SMTP command after
# 80 ms. The line ends with a same-run reference: the receiver's ceiling with a bare client loop.
bench-send: $(STAMP)
	N='$(or $(N),10000)' ESP='$(or $(ESP),smtp)' RTT_MS='$(or $(RTT_MS),0)' $(if $(WORKERS),WORKERS='$(WORKERS)') $(if $(DATABASE_URL),DATABASE_URL='$(DATABASE_URL)') $(BIN)/python bench/bench_send.py

clean:
	rm -rf $(VENV) var/*

.PHONY: bench-newsroom
# Newsroom page and search times with RELEASES releases (default 5,000) and ten assets each, on
# DATABASE_URL or a fresh SQLite.
bench-newsroom: $(STAMP)
	$(BIN)/python bench/newsroom.py $(if $(RELEASES),--releases $(RELEASES)) $(BENCH_ARGS)

# Import of a generated messy contacts CSV of N rows (default 100000), then an XLSX export; on
# PostgreSQL when DATABASE_URL names one, else a temporary SQLite file. Ends with one line of
# figures. The database is a throwaway one the benchmark creates and drops.
.PHONY: bench-import
bench-import: $(STAMP)
	$(BIN)/python bench/bench_import.py --rows $(or $(N),100000)

# The Traditional Chinese of the admin and the newsroom: one catalogue,
# locale/zh_Hant/LC_MESSAGES/django.po, the source of truth. Translators edit its msgstr
# (by hand, Poedit, Weblate); `make messages` updates it from the code with makemessages, which
# keeps every translation, adds new strings untranslated and marks changed ones fuzzy, then
# compiles the committed .mo. There are no strings in JavaScript, so only the django domain.
MAKEMESSAGES := --locale zh_Hant --no-obsolete --ignore var --ignore tests --ignore bench \
  --ignore static --ignore node_modules
.PHONY: messages
messages: $(STAMP) gettext
	DEBUG=1 $(BIN)/python manage.py makemessages $(MAKEMESSAGES)
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale zh_Hant --ignore .venv --ignore var

# GNU gettext (Debian's `gettext`) runs makemessages, in `make messages` and in the catalogue
# test: installed here when missing, as root; otherwise say how.
.PHONY: gettext
gettext:
	@command -v msgmerge >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "Pressroom's translations need GNU gettext: sudo apt-get install gettext"; exit 1; fi; }

# Benchmarks: each starts its own PostgreSQL cluster and Redis on loopback (root, as .ci/run),
# or uses BENCH_DATABASE_URL. They print figures; they assert only that the results are right.

bench-webhooks: $(STAMP)
	N=$(or $(N),20000) $(BIN)/python bench/webhooks.py


bench-results: $(STAMP)
	N=$(or $(N),100000) $(BIN)/python bench/results.py

# The leak report page, the morning-after PDF and its email on the send bench-results seeds.
.PHONY: bench-reports
bench-reports: $(STAMP)
	N=$(or $(N),100000) $(BIN)/python bench/reports.py

.PHONY: bench-followups
bench-followups: $(STAMP)
	N=$(or $(N),20000) $(BIN)/python bench/followups.py

# One polling round of 500 loopback outlet feeds of 50 stories each against 200 recent releases
# (FEEDS, ITEMS, RELEASES change them) on a private PostgreSQL: the round's wall time and CPU,
# then matching precision and recall on the labelled fixture (bench/coverage_fixture.py).
bench-coverage: $(STAMP)
	$(BIN)/python bench/coverage.py
