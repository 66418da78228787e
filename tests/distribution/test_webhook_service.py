"""The webhook service (pressroom/webhooks_asgi.py): the ESPs' posts served by gunicorn's asyncio
worker. The webhook tests run through it as well as through the WSGI application (the
webhook_server fixture); these are what only this service does: bodies read in pieces, the
answer waiting for Redis, SNS confirmations off the event loop, and the real gunicorn."""

import asyncio
import http.client
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

from distribution.models import Delivery, DeliveryEvent
from distribution.tracking import tracking_drain
from pressroom import webhooks_asgi
from pressroom.webhook_handler import WebhookHandler
from tests.asgi_client import asgi_request, http_scope
from tests.conftest import redis_client
from tests.distribution import esp_payloads as esp
from tests.distribution.tracking_helpers import LATER, a_sent_delivery
from tests.factories import DeliveryFactory

pytestmark = [pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]


def _post(webhook: esp.Post, **options: Any) -> Any:
    headers = dict(webhook.headers, authorization=esp.basic_auth(esp.SECRET))
    return asgi_request(
        "POST",
        webhook.url,
        webhook.body,
        content_type=webhook.content_type,
        headers=headers,
        **options,
    )


@pytest.mark.usefixtures("tracking")
def test_the_answer_comes_once_the_event_is_on_the_stream(
    settings: LazySettings, redis_url: str
) -> None:
    delivery = a_sent_delivery()

    answer = _post(esp.postmark(delivery, "Delivery", LATER))

    assert answer.status_code == 200
    assert redis_client(redis_url).xlen(settings.TRACKING_STREAM) == 1
    assert answer["Content-Length"] == str(len(answer.content))
    assert answer["X-Content-Type-Options"] == "nosniff"  # the security middleware ran
    assert answer.cookies == []


@pytest.mark.usefixtures("tracking")
def test_a_body_too_large_is_refused_even_without_a_length(settings: LazySettings) -> None:
    """A chunked post says no length up front: it is refused (413) once what arrived exceeds the
    limit, without reading the rest."""
    settings.WEBHOOK_MAX_BYTES = 100 * 1024
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    padded = webhook.body[:-1] + b', "Pad": "' + b"x" * (200 * 1024) + b'"}'

    answer = _post(esp.Post("postmark", padded, "application/json"), send_length=False)

    assert answer.status_code == 413
    assert not DeliveryEvent.objects.exists()
    tracking_drain()
    assert not DeliveryEvent.objects.exists()


@pytest.mark.usefixtures("tracking")
def test_when_redis_fails_nothing_is_acknowledged_and_the_repost_is_stored_once(
    settings: LazySettings, caplog: pytest.LogCaptureFixture
) -> None:
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    working = settings.TRACKING_REDIS_URL
    settings.TRACKING_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    refused = _post(webhook)

    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    assert "tracking stream is unavailable" in caplog.text
    settings.TRACKING_REDIS_URL = working
    assert _post(webhook).status_code == 200  # the ESP posts it again later
    tracking_drain()
    assert DeliveryEvent.objects.filter(delivery=delivery).count() == 1


def _scope(path: str, *headers: tuple[bytes, bytes]) -> dict[str, Any]:
    return http_scope("POST", path, [(b"host", b"testserver"), *headers])


@pytest.mark.usefixtures("tracking")
def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read(
    settings: LazySettings,
) -> None:
    settings.WEBHOOK_MAX_BYTES = 1024
    read: list[str] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        read.append("body")
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _scope("/anymail/postmark/tracking/", (b"content-length", b"5000000"))
    asyncio.run(webhooks_asgi.application(scope, receive, send))

    assert sent[0]["status"] == 413
    assert read == []


@pytest.mark.usefixtures("tracking")
def test_no_more_posts_are_read_at_once_than_webhook_concurrency(settings: LazySettings) -> None:
    """A process holds at most WEBHOOK_CONCURRENCY bodies: the next post's body is not read
    until one of those is answered."""
    settings.WEBHOOK_CONCURRENCY = 1
    order: list[str] = []

    async def run() -> None:
        first_may_finish = asyncio.Event()

        def receiver(name: str, wait: asyncio.Event | None) -> Any:
            async def receive() -> dict[str, Any]:
                order.append(f"{name} read")
                if wait is not None:
                    await wait.wait()
                return {"type": "http.request", "body": b"{not json", "more_body": False}

            return receive

        def sender(name: str) -> Any:
            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    order.append(f"{name} answered {message['status']}")

            return send

        headers = ((b"content-type", b"application/json"), (b"content-length", b"9"))
        scope = _scope("/anymail/postmark/tracking/", *headers)
        first = asyncio.create_task(webhooks_asgi.application(
            scope, receiver("first", first_may_finish), sender("first")))  # fmt: skip
        second = asyncio.create_task(webhooks_asgi.application(
            scope, receiver("second", None), sender("second")))  # fmt: skip
        for _ in range(20):  # let both run as far as they can
            await asyncio.sleep(0)
        order.append("first may finish")
        first_may_finish.set()
        await asyncio.gather(first, second)
        await webhooks_asgi.close_stream_clients()

    asyncio.run(run())

    assert order == [
        "first read",
        "first may finish",
        "first answered 400",  # no password, unreadable: it does not matter which
        "second read",
        "second answered 400",
    ]


@pytest.mark.usefixtures("tracking")
def test_a_post_whose_body_never_comes_is_answered_408_and_frees_its_turn(
    settings: LazySettings,
) -> None:
    """Without a password, a client sends the headers of a post and never its body. It holds
    its turn only until WEBHOOK_READ_TIMEOUT, is answered 408, and the ESP's post waiting
    behind it is served."""
    settings.WEBHOOK_CONCURRENCY = 1
    settings.WEBHOOK_READ_TIMEOUT = 0.2
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    answers: dict[str, tuple[int, float]] = {}

    async def run() -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()

        async def never() -> dict[str, Any]:
            await asyncio.Event().wait()  # the body never comes, the client never leaves
            raise AssertionError("unreachable")

        async def the_body() -> dict[str, Any]:
            return {"type": "http.request", "body": webhook.body, "more_body": False}

        def sender(name: str) -> Any:
            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    answers[name] = (message["status"], loop.time() - started)

            return send

        stalled = _scope(
            "/anymail/postmark/tracking/",
            (b"content-type", b"application/json"),
            (b"content-length", b"5000"),
        )
        legitimate = _scope(
            "/anymail/postmark/tracking/",
            (b"content-type", b"application/json"),
            (b"content-length", str(len(webhook.body)).encode()),
            (b"authorization", esp.basic_auth(esp.SECRET).encode()),
        )
        first = asyncio.create_task(webhooks_asgi.application(stalled, never, sender("stalled")))
        await asyncio.sleep(0)  # the stalled post takes the only turn first
        second = asyncio.create_task(
            webhooks_asgi.application(legitimate, the_body, sender("legitimate"))
        )
        try:
            # Bounded: before the fix the stalled post held the turn for ever.
            await asyncio.wait_for(asyncio.gather(first, second), timeout=5)
        finally:
            await webhooks_asgi.close_stream_clients()

    asyncio.run(run())

    status, after = answers["stalled"]
    assert status == 408
    assert 0.2 <= after < 2
    assert answers["legitimate"][0] == 200
    assert tracking_drain() == 1
    assert DeliveryEvent.objects.filter(delivery=delivery).count() == 1


def test_other_paths_are_not_served_here() -> None:
    for path in ("/admin/login/", "/newsroom/", "/"):
        answer = asgi_request("GET", path)

        assert answer.status_code == 404
        assert answer.content == b"This service receives ESP webhooks only."


@pytest.mark.usefixtures("tracking")
def test_an_sns_subscription_confirmation_is_confirmed_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """anymail confirms through boto3, which waits on AWS: that must not stall every other post
    this process is serving. (boto3 is stubbed: no network here.)"""
    confirmed: list[bool] = []

    class FakeSNS:
        def confirm_subscription(self, **kwargs: str) -> None:
            try:
                asyncio.get_running_loop()
                confirmed.append(False)  # called inside the event loop
            except RuntimeError:
                confirmed.append(True)

        def close(self) -> None:
            pass

    from anymail.webhooks.amazon_ses import AmazonSESBaseWebhookView

    monkeypatch.setattr(AmazonSESBaseWebhookView, "get_boto_client", lambda *a, **k: FakeSNS())
    answer = _post(esp.sns_subscription_confirmation())

    assert answer.status_code == 200
    assert confirmed == [True]
    assert not DeliveryEvent.objects.exists()


def test_the_lifespan_is_answered() -> None:
    sent: list[dict[str, Any]] = []
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(webhooks_asgi.application({"type": "lifespan"}, receive, send))

    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


# --- the real thing: gunicorn -k asgi on loopback -------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def service_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    """Environment variables a test gives the service (parametrize it, indirect=True)."""
    return dict(getattr(request, "param", {}))


@pytest.fixture
def webhook_service(
    tracking: str, redis_url: str, tmp_path: Path, service_settings: dict[str, str]
) -> Iterator[int]:
    """`gunicorn -k asgi --reuse-port -w 2 pressroom.webhooks_asgi:application` on loopback,
    on the test's Redis stream, as docs/deploy.md runs it."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="pressroom.settings",
        SECRET_KEY="test-only-secret-key-for-the-webhook-service-0123456789abcdef",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        REDIS_URL=redis_url,
        TRACKING_REDIS_URL=redis_url,
        TRACKING_STREAM=tracking,
        ANYMAIL_WEBHOOK_SECRET=f"{esp.OLD_SECRET},{esp.SECRET}",
        ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY=esp.MAILGUN_SIGNING_KEY,
        ANYMAIL_RESEND_SIGNING_SECRET=esp.RESEND_SECRET,
        PRESSROOM_VAR_DIR=str(tmp_path),
        LOG_LEVEL="WARNING",
        WEBHOOK_WORKERS="2",
    )
    env.update(service_settings)
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn-webhooks.conf.py"),
         "pressroom.webhooks_asgi:application"],
        cwd=ROOT, env=dict(env, GUNICORN_WEBHOOKS_BIND=f"127.0.0.1:{port}"),
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        import time

        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        f"gunicorn did not start:\n{(tmp_path / 'gunicorn.log').read_text()}"
                    )
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)  # graceful_timeout (10 s) for connections left open
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            log.close()
            pytest.fail("gunicorn did not stop within 30 s of SIGTERM")
        log.close()


def test_gunicorn_serves_the_posts_of_every_esp_side_by_side(webhook_service: int) -> None:
    """Five ESPs' posts, eight keep-alive connections at once: every post answered 200, every
    event stored once and applied."""
    first = a_sent_delivery()
    others = DeliveryFactory.create_batch(
        39, send=first.send, status=Delivery.Status.SENT, sent_at=first.sent_at
    )
    for number, delivery in enumerate(others):
        delivery.esp_message_id = f"0100019a-service-{number:04d}"
        delivery.save(update_fields=["esp_message_id"])
    deliveries = [first, *others]
    makers = [
        lambda d: esp.ses(d, "Delivery", LATER),
        lambda d: esp.mailgun(d, "delivered", LATER),
        lambda d: esp.postmark(d, "Delivery", LATER),
        lambda d: esp.brevo(d, "delivered", LATER),
        lambda d: esp.resend(d, "email.delivered", LATER),
    ]
    posts = [makers[number % len(makers)](delivery) for number, delivery in enumerate(deliveries)]
    statuses: list[int] = []
    lock = threading.Lock()

    def client(share: list[esp.Post]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", webhook_service, timeout=10)
        for webhook in share:
            headers = dict(
                webhook.headers,
                Authorization=esp.basic_auth(esp.SECRET),
                **{"Content-Type": webhook.content_type},
            )
            connection.request("POST", webhook.url, webhook.body, headers)
            response = connection.getresponse()
            response.read()
            with lock:
                statuses.append(response.status)
        connection.close()

    threads = [threading.Thread(target=client, args=(posts[n::8],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * len(posts)
    assert tracking_drain() == len(posts)
    assert DeliveryEvent.objects.count() == len(posts)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_gunicorn_refuses_a_wrong_password_and_stores_nothing(webhook_service: int) -> None:
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    connection = http.client.HTTPConnection("127.0.0.1", webhook_service, timeout=10)
    connection.request(
        "POST",
        webhook.url,
        webhook.body,
        {"Authorization": esp.basic_auth("not-the-secret"), "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    content = response.read()
    connection.close()

    assert response.status == 400
    assert content == b"Webhook authentication failed."
    assert tracking_drain() == 0
    assert not DeliveryEvent.objects.exists()


@pytest.mark.usefixtures("tracking")
def test_behind_the_https_proxy_a_plain_http_post_is_redirected(
    settings: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The security middleware runs here too: a post that did not come through TLS at the proxy
    is sent to https (and nothing stored); one that did is taken."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The middleware reads its settings when the process starts, as a production one would.
    monkeypatch.setattr(webhooks_asgi, "handler", WebhookHandler())
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)

    plain = _post(webhook)
    through_tls = _post(esp.Post(webhook.esp, webhook.body, webhook.content_type,
                                 {"x-forwarded-proto": "https"}))  # fmt: skip

    assert plain.status_code == 301
    assert plain["Location"] == f"https://testserver{webhook.url}"
    assert through_tls.status_code == 200
    assert tracking_drain() == 1


@pytest.mark.parametrize(
    "service_settings",
    [{"WEBHOOK_WORKERS": "1", "WEBHOOK_CONCURRENCY": "1", "WEBHOOK_READ_TIMEOUT": "1"}],
    indirect=True,
)
def test_gunicorn_answers_408_to_a_post_whose_body_never_comes(webhook_service: int) -> None:
    """Over a real socket: the headers of a post, then silence. One process with one turn: the
    408 comes within WEBHOOK_READ_TIMEOUT, the connection is closed, and an ESP's post is then
    served."""
    import time

    with socket.create_connection(("127.0.0.1", webhook_service), timeout=10) as stalled:
        stalled.sendall(
            b"POST /anymail/postmark/tracking/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
        )
        started = time.monotonic()
        answer = b""
        while chunk := stalled.recv(4096):  # until the service closes the connection
            answer += chunk
        waited = time.monotonic() - started

    assert answer.startswith(b"HTTP/1.1 408 ")
    assert answer.endswith(b"The body did not arrive within 1 s.")
    assert waited < 5
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    connection = http.client.HTTPConnection("127.0.0.1", webhook_service, timeout=10)
    connection.request(
        "POST",
        webhook.url,
        webhook.body,
        {"Authorization": esp.basic_auth(esp.SECRET), "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200
    assert tracking_drain() == 1
