"""Settings for the test suite: the project's settings with a throwaway secret, fast password
hashing and files under a temporary folder. DATABASE_URL and REDIS_URL still come from the
environment, so CI runs the suite on PostgreSQL and Redis."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("PRESSROOM_VAR_DIR", tempfile.mkdtemp(prefix="pressroom-test-"))

from pressroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A worker process started by a test must see the test database: SQLite's test database is a
# file (not the in-memory default) so another process can open it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )

LOGGING["loggers"] = {"mail.log": {"level": "WARNING"}}  # noqa: F405 -- aiosmtpd's per-command log

# Coverage feeds in tests are served from loopback (never private networks).
COVERAGE_ALLOW_LOOPBACK = True
