"""The webhook service: ESP tracking posts (/anymail/<esp>/tracking/) served by gunicorn's
asyncio worker, apart from the site (docs/deploy.md):

    gunicorn -k asgi pressroom.webhooks_asgi:application

Why apart. After a blast the ESPs post thousands of events a second (1,500 events/s,
p99 under 50 ms, on two cores), and each post may be answered only once Redis has its events on
disk (AOF, `appendfsync always`): an event acknowledged and then lost is never posted again.
In the site's threaded WSGI worker every post waiting on that fsync holds a thread, and the
threads contend for the GIL. Here one event loop per process serves every connection: the CPU
part of a post (anymail's checks and parsing, our receiver's normalising) runs straight through,
and the wait for Redis is an await, during which the next posts are read and parsed; their
appends reach Redis together, and one fsync covers them all.

A post goes through the same Django handler as on the WSGI path (pressroom/webhook_handler.py:
the security middleware, the same views behind the same guard); only the append to the stream
moves out of the receiver to here, after the view has answered, and the answer waits for it.
If Redis cannot take the events: 503, and the ESP posts them again. Nothing here touches the
database (Django would refuse it inside the event loop); the drain does that, in Celery."""

import asyncio
import io
import logging
import os
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
django.setup(set_prefix=False)

import redis  # noqa: E402
import redis.asyncio  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.handlers.asgi import ASGIRequest  # noqa: E402
from django.http import HttpResponse, HttpResponseBase  # noqa: E402

from distribution.tracking import tracking_events_collected  # noqa: E402
from distribution.webhooks import plain_answer, try_later  # noqa: E402
from pressroom.webhook_handler import WEBHOOK_PREFIX, WebhookHandler  # noqa: E402

logger = logging.getLogger(__name__)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

handler = WebhookHandler()


class LoopState:
    """What this process's event loop keeps between posts: the tracking stream's Redis client
    (and its connection pool), and the gate that lets at most WEBHOOK_CONCURRENCY posts be read
    and handled at once (gunicorn's asyncio worker accepts every connection, and each post's
    body is held in memory)."""

    def __init__(self) -> None:
        self.client = redis.asyncio.Redis.from_url(
            settings.TRACKING_REDIS_URL.replace("redis+socket://", "unix://"),
            socket_timeout=10,
            socket_connect_timeout=5,
            protocol=2,
        )
        self.gate = asyncio.Semaphore(settings.WEBHOOK_CONCURRENCY)


_states: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopState]" = (
    weakref.WeakKeyDictionary()
)


def loop_state() -> LoopState:
    """One per event loop: a worker process has one."""
    loop = asyncio.get_running_loop()
    state = _states.get(loop)
    if state is None:
        state = _states[loop] = LoopState()
    return state


async def append(records: list[bytes]) -> None:
    """The events onto the tracking stream, in order, in one round trip."""
    client = loop_state().client
    stream = settings.TRACKING_STREAM
    if len(records) == 1:
        await client.xadd(stream, {"e": records[0]})
        return
    async with client.pipeline(transaction=False) as pipe:
        for record in records:
            pipe.xadd(stream, {"e": record})
        await pipe.execute()


class BodyTooLarge(Exception):
    pass


class Disconnected(Exception):
    pass


async def read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def read_timed_out(deadline: float) -> HttpResponse:
    response = plain_answer(408, f"The body did not arrive within {deadline:g} s.")
    response["Connection"] = "close"  # the rest of the body may still come: not a next request
    return response


def declared_length(scope: Scope) -> int | None:
    """The Content-Length the post declares (0 if none, as for a chunked body), or None if it
    is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return 0


SNS_TYPE = b"x-amz-sns-message-type"


def _blocks(scope: Scope) -> bool:
    """A post whose handling may wait on the network: Amazon SNS's subscription confirmation,
    which anymail confirms by calling AWS. It runs in a thread, not in the event loop."""
    return any(name == SNS_TYPE and value != b"Notification" for name, value in scope["headers"])


async def handle(scope: Scope, request: ASGIRequest) -> HttpResponseBase:
    with tracking_events_collected() as records:
        if _blocks(scope):
            response = await asyncio.to_thread(handler.get_response, request)
        else:
            response = handler.get_response(request)
    if records:
        # Appended whatever the answer, as the WSGI path appends each event as it is read.
        try:
            await append(records)
        except redis.RedisError:
            logger.exception(
                "webhook %s: the tracking stream is unavailable; answered 503", request.path
            )
            return try_later()
    return response


async def respond(send: Send, response: HttpResponseBase) -> None:
    body = response.content if isinstance(response, HttpResponse) else b"".join(response)
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in response.items()
    ]
    if not response.has_header("Content-Length"):
        headers.append((b"content-length", str(len(body)).encode()))
    for cookie in response.cookies.values():  # none today; as Django's ASGI handler sends them
        headers.append((b"set-cookie", cookie.output(header="").encode("ascii").strip()))
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    # Not response.close(): its request_finished signal closes the database connections, and
    # this service opens none (Django refuses the ORM inside the event loop).


async def close_stream_clients() -> None:
    """Close this event loop's Redis client, if it has one."""
    state = _states.pop(asyncio.get_running_loop(), None)
    if state is not None:
        await state.client.aclose()


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await close_stream_clients()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    if scope["type"] != "http":  # no websockets here
        await send({"type": "websocket.close", "code": 1008})
        return
    if not scope["path"].startswith(WEBHOOK_PREFIX):
        await respond(send, plain_answer(404, "This service receives ESP webhooks only."))
        return
    limit = settings.WEBHOOK_MAX_BYTES
    declared = declared_length(scope)
    if declared is None:
        await respond(send, plain_answer(400, "Bad Content-Length."))
        return
    if declared > limit:  # refused before a byte of it is read
        logger.warning("webhook %s: %s-byte body refused", scope["path"], declared)
        await respond(send, plain_answer(413, f"Body over {limit} bytes."))
        return
    async with loop_state().gate:
        # The turn is taken before anymail has seen the password, so a client that sends headers
        # and then the body slowly or never would hold it: the whole body must arrive within
        # WEBHOOK_READ_TIMEOUT (gunicorn's own timeout is per wait, so a byte every 29 s would
        # do), or 408 and the turn goes to the next post.
        deadline = settings.WEBHOOK_READ_TIMEOUT
        try:
            async with asyncio.timeout(deadline):
                body = await read_body(receive, limit)
        except Disconnected:
            return
        except BodyTooLarge:
            logger.warning("webhook %s: body over %s bytes refused", scope["path"], limit)
            await respond(send, plain_answer(413, f"Body over {limit} bytes."))
            return
        except TimeoutError:
            logger.warning(
                "webhook %s: body not read within %s s; answered 408", scope["path"], deadline
            )
            await respond(send, read_timed_out(deadline))
            return
        await respond(send, await handle(scope, ASGIRequest(scope, io.BytesIO(body))))
