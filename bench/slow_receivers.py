"""Receivers for `make bench-send` that answer after a network round trip (RTT_MS), run as a
process of their own: `python bench/slow_receivers.py smtp|<esp> RTT_MS INFO_FILE`. Each writes
where it listens to INFO_FILE (JSON), then prints `mesg=<count>` every time a message is
accepted (as `smtp-sink -c` does), so the bench stamps hand-offs the same way whatever receives
them.

- smtp: an SMTP server (asyncio) offering PIPELINING whose every reply, the greeting included,
  reaches the client RTT_MS after the command it answers left it: a client that waits for each
  reply pays a round trip per command, one that pipelines one per group of commands.
- an ESP (postmark, mailgun, brevo, resend, amazon_ses, ...): the loopback stand-in of that
  ESP's API the tests use (tests/distribution/esp_standins.py), answering every request after
  RTT_MS."""

import asyncio
import contextlib
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def add(self, accepted: int) -> None:
        if accepted <= 0:
            return
        with self.lock:
            self.count += accepted
            print(f"mesg={self.count}", flush=True)


async def _smtp_session(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, rtt: float, counter: Counter
) -> None:
    """Each reply reaches the client RTT after the command it answers was sent (half the trip
    there, half back), in order: a client that waits for every reply pays a round trip per
    command, one that pipelines (RFC 2920) pays one for the commands it sent together."""
    loop = asyncio.get_running_loop()
    replies: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def deliver() -> None:
        while (item := await replies.get()) is not None:
            due, data = item
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()

    def reply(text: str) -> None:
        replies.put_nowait((loop.time() + rtt, text.encode() + b"\r\n"))

    delivering = asyncio.create_task(deliver())
    try:
        reply("220 sink.test ESMTP")
        while True:
            line = await reader.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO",):
                reply("250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800")
            elif verb == b"DATA":
                reply("354 go ahead")
                await reader.readuntil(b"\r\n.\r\n")
                counter.add(1)
                reply("250 2.0.0 queued")
            elif verb == b"QUIT":
                reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                reply("250 ok")
    except (ConnectionError, asyncio.IncompleteReadError):
        return
    finally:
        replies.put_nowait(None)
        with contextlib.suppress(ConnectionError):
            await delivering
        writer.close()


async def _smtp(rtt: float, info: Path) -> None:
    counter = Counter()
    server = await asyncio.start_server(
        lambda r, w: _smtp_session(r, w, rtt, counter), "127.0.0.1", 0, backlog=1024
    )
    info.write_text(json.dumps({"port": server.sockets[0].getsockname()[1]}))
    async with server:
        await server.serve_forever()


def _esp(name: str, rtt: float, info: Path) -> None:
    from tests.distribution.esp_standins import ESP, serving

    counter = Counter()

    with serving(name) as esp:
        esp.delay = rtt
        answer = esp.answer

        def counted(call: Any, _esp: ESP = esp) -> tuple[int, dict[str, str], bytes]:
            result = answer(call)
            # Every message accepted is in calls (one per recipient, batch or not): count and
            # forget them (N bodies would fill the memory). Each is counted once, by whichever
            # request clears it.
            with _esp.lock:
                accepted = len(_esp.calls)
                _esp.calls.clear()
                _esp.answered_ids.clear()
            counter.add(accepted)
            return result

        esp.answer = counted  # type: ignore[method-assign]
        info.write_text(json.dumps({"url": esp.url, "anymail": esp.anymail_settings()}))
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    kind, rtt_ms, info_file = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    if kind == "smtp":
        asyncio.run(_smtp(rtt_ms / 1000, info_file))
    else:
        _esp(kind, rtt_ms / 1000, info_file)
