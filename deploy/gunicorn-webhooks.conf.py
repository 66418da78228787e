"""gunicorn for the webhook service (docs/deploy.md, "The webhook service"):
`gunicorn -c deploy/gunicorn-webhooks.conf.py pressroom.webhooks_asgi:application`.
It answers the ESPs' tracking posts (/anymail/…) and nothing else; the site stays on
deploy/gunicorn.conf.py. Every value can be changed by the environment variable named beside it."""

import os

# Loopback only: the proxy routes /anymail/ here, everything else to the site.
bind = os.environ.get("GUNICORN_WEBHOOKS_BIND", "127.0.0.1:8001")
# gunicorn's asyncio worker: one process per core, each serving every connection it accepts.
# The CPU of a post runs straight through; the wait for Redis's fsync is an await.
workers = int(os.environ.get("WEBHOOK_WORKERS", os.cpu_count() or 2))
worker_class = "asgi"
# Each process listens on a socket of its own (SO_REUSEPORT) and the kernel spreads the
# connections over them. On one shared socket the first process to wake takes a whole burst of
# connections: in one benchmark run of three, one process served all 16 while the other idled.
reuse_port = True
# gunicorn 27's asyncio worker does not enforce worker_connections: the application bounds the
# posts it reads at once (WEBHOOK_CONCURRENCY, pressroom/webhooks_asgi.py).
timeout = 30
# A post is answered in milliseconds; what a stop waits for is mostly the ESPs' idle kept-alive
# connections, which the worker waits out (gunicorn 27) until this deadline.
graceful_timeout = 10
# ESPs post in bursts over kept-alive connections.
keepalive = 30
# No max_requests here: with a socket per process, the connections waiting in a recycled
# process's queue would be reset (the ESP posts again, but why make it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# An access line per event is thousands of lines a second after a blast; errors are logged
# either way, and /metrics counts what arrives. GUNICORN_WEBHOOKS_ACCESSLOG=- to have them.
accesslog = os.environ.get("GUNICORN_WEBHOOKS_ACCESSLOG") or None
errorlog = "-"
capture_output = False
# gunicornc's control socket: one per server, or the site's and this one would take each
# other's (both run as the same user, and gunicorn's default path is per user).
control_socket = os.path.join(os.environ.get("PRESSROOM_VAR_DIR", "var"), "gunicorn-webhooks.ctl")
