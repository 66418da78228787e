"""gunicorn for Pressroom (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py pressroom.wsgi`.
Every value can be changed by the environment variable named beside it."""

import multiprocessing
import os

# Loopback only: the TLS proxy (nginx, Caddy, a load balancer) in front is what the world sees.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes × threads: the admin and the newsroom are I/O-bound (PostgreSQL), and webhooks do
# one Redis XADD each, so a few threads per process go further than more processes.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request (an import checked in the request, a results export) may take this long; longer
# work belongs in a Celery task.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle a process now and then, so a slow leak in any library never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Believe X-Forwarded-* only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Django's own logs (LOG_FORMAT=json for a collector) go to stderr beside these.
capture_output = False
# gunicornc's control socket: one per server, or the site's and the webhook service's would take
# each other's (both run as the same user, and gunicorn's default path is per user).
control_socket = os.path.join(os.environ.get("PRESSROOM_VAR_DIR", "var"), "gunicorn-web.ctl")
