"""localstripe (a Stripe emulator) served on 127.0.0.1 from a thread, with a
recording middleware: every request's method, path and Idempotency-Key, and
faults on demand (an HTTP status, or a delay longer than the client's timeout).
localstripe ignores Idempotency-Key, so tests assert on what our code sends."""

import asyncio
import socket
import threading
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Recorded:
    method: str
    path: str
    idempotency_key: str | None
    body: str


@dataclass
class StripeServer:
    url: str
    requests: list = field(default_factory=list)
    faults: list = field(default_factory=list)  # ("status", 500) or ("delay", seconds)

    def calls(self, method: str, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]


_running: tuple | None = None


def start() -> tuple[StripeServer, callable]:
    """Start the emulator once per process (its aiohttp app is a module global);
    later calls get the running one."""
    global _running
    if _running is not None:
        return _running
    from localstripe import resources, server

    resources.store.dump_to_disk = lambda: None  # keep the emulator's state in memory
    resources.store.clear()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    state = StripeServer(url=f"http://127.0.0.1:{sock.getsockname()[1]}")

    @web.middleware
    async def record(request, handler):
        body = await request.text() if request.can_read_body else ""
        state.requests.append(Recorded(request.method, request.path,
                                       request.headers.get("Idempotency-Key"), body))
        if state.faults and request.path.startswith("/v1/"):
            kind, value = state.faults.pop(0)
            if kind == "status":
                return web.json_response({"error": {"type": "api_error",
                                                    "message": "emulated failure"}}, status=value)
            await asyncio.sleep(value)
        return await handler(request)

    app = server.app
    if record not in app.middlewares:
        app.middlewares.insert(0, record)
    loop = asyncio.new_event_loop()
    # Emulated timeouts leave handlers asleep: shutting down does not wait for them.
    runner = web.AppRunner(app, shutdown_timeout=1)
    ready = threading.Event()

    def run():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, sock).start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)

    def stop():
        global _running
        try:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(15)
        except TimeoutError:  # a daemon thread: it ends with the test process anyway
            pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        _running = None

    _running = (state, stop)
    return _running
