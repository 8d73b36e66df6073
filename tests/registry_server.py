"""A real OCOP registry pull feed (registry contract §3) for tests and benchmarks.

``RegistryServer`` is a stdlib HTTP server in a thread on 127.0.0.1 (a free
port). It serves ``GET /v1/certificates`` exactly as the contract says —
bearer token, ``updated_since``, ``page_size`` 1..1000, items ordered by
``updated_at`` then ``certificate_no``, an opaque ``next_cursor`` — and can be
told to misbehave on a given page (500, 429 with Retry-After, a hanging
response, malformed JSON). Every request is recorded so tests can assert on
what the client asked for.

    with RegistryServer(token="t") as registry:
        registry.records = [record, ...]
        registry.fail(page=2, status=500, times=1)
        ...  # point OCOP_REGISTRY_URL at registry.url
        registry.requests[0].query["page_size"]
"""

import base64
import datetime as dt
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

VN = dt.timezone(dt.timedelta(hours=7))
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MAX_PAGE_SIZE = 1000


@dataclass(frozen=True)
class SeenRequest:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    page: int | None  # 1-based page of the listing; None when the cursor was unknown


@dataclass
class Fault:
    """Misbehave on one page of every listing, ``times`` times (None: always)."""

    page: int
    kind: str  # "status", "hang", "body", "drip"
    status: int = 500
    retry_after: str | None = None
    seconds: float = 0.0
    body: bytes = b""
    times: int | None = 1
    served: int = 0


@dataclass
class _Listing:
    """What a cursor points at: the next page of one filtered, ordered listing."""

    updated_since: dt.datetime | None
    offset: int
    page: int
    server_time: str = field(default="")


def _parse_time(value) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def _order_key(record):
    # Fixture records may be deliberately broken; they still need a place in the order.
    if not isinstance(record, dict):
        return (EPOCH, "")
    return (_parse_time(record.get("updated_at")) or EPOCH, str(record.get("certificate_no", "")))


class RegistryServer:
    def __init__(self, *, token: str = "registry-test-token", records=None):
        self.token = token
        self.records: list = list(records or [])
        self.faults: list[Fault] = []
        self.requests: list[SeenRequest] = []
        # A fixed server_time for first pages, or None for the current time.
        self.server_time: str | None = None
        # A broken registry that answers every page with a new cursor.
        self.endless = False
        self._cursors: dict[str, _Listing] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = None
        self._thread = None

    # --- lifecycle ------------------------------------------------------------
    def start(self) -> "RegistryServer":
        handler = type("Handler", (_Handler,), {"registry": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # releases hanging responses
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # --- switches -----------------------------------------------------------------
    def fail(self, *, page: int, status: int = 500, times: int | None = 1) -> Fault:
        return self._add(Fault(page=page, kind="status", status=status, times=times))

    def rate_limit(self, *, page: int, retry_after: str = "1", times: int | None = 1) -> Fault:
        return self._add(
            Fault(page=page, kind="status", status=429, retry_after=retry_after, times=times)
        )

    def hang(self, *, page: int, seconds: float, times: int | None = 1) -> Fault:
        return self._add(Fault(page=page, kind="hang", seconds=seconds, times=times))

    def drip(self, *, page: int, seconds: float, times: int | None = 1) -> Fault:
        """Answer that page one byte every ``seconds`` (a slow-loris registry)."""
        return self._add(Fault(page=page, kind="drip", seconds=seconds, times=times))

    def malformed(self, *, page: int, body: bytes = b'{"items": [', times: int | None = 1):
        return self._add(Fault(page=page, kind="body", body=body, times=times))

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def pages_served(self) -> list[int | None]:
        return [r.page for r in self.requests]

    # --- the feed -------------------------------------------------------------------
    def _take_fault(self, page: int) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.page == page and (fault.times is None or fault.served < fault.times):
                    fault.served += 1
                    return fault
        return None

    def _now(self) -> str:
        return self.server_time or dt.datetime.now(VN).isoformat(timespec="seconds")

    def _new_cursor(self, listing: _Listing) -> str:
        # Standard base64 with a random salt: opaque, and full of '+', '/' and
        # '=' so a client that does not URL-encode it breaks.
        raw = json.dumps({"o": listing.offset, "s": secrets.token_hex(6)}).encode()
        cursor = base64.b64encode(b"\xfb\xef\xbe\xff\xff\xff" + raw).decode()
        with self._lock:
            self._cursors[cursor] = listing
        return cursor

    def _listing_for(self, query: dict[str, str]) -> tuple[_Listing | None, str | None]:
        cursor = query.get("cursor")
        if cursor:
            with self._lock:
                listing = self._cursors.get(cursor)
            return (listing, None) if listing else (None, "unknown cursor")
        since_text = query.get("updated_since")
        since = None
        if since_text is not None:
            since = _parse_time(since_text)
            if since is None:
                return None, "updated_since must be RFC 3339 with an offset"
        return _Listing(updated_since=since, offset=0, page=1, server_time=self._now()), None

    def page(self, listing: _Listing, page_size: int) -> dict:
        with self._lock:
            records = sorted(self.records, key=_order_key)
        if listing.updated_since is not None:
            records = [r for r in records if _order_key(r)[0] >= listing.updated_since]
        chunk = records[listing.offset : listing.offset + page_size]
        next_cursor = None
        if self.endless or listing.offset + page_size < len(records):
            next_cursor = self._new_cursor(
                _Listing(
                    updated_since=listing.updated_since,
                    offset=listing.offset + page_size,
                    page=listing.page + 1,
                    server_time=listing.server_time,
                )
            )
        server_time = listing.server_time if listing.page == 1 else self._now()
        return {"items": chunk, "next_cursor": next_cursor, "server_time": server_time}


class _Handler(BaseHTTPRequestHandler):
    registry: RegistryServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_GET(self):
        registry = self.registry
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        listing, problem = (None, None)
        if parts.path == "/v1/certificates":
            listing, problem = registry._listing_for(query)
        registry.requests.append(
            SeenRequest(
                path=parts.path,
                query=query,
                headers=dict(self.headers.items()),
                page=listing.page if listing else None,
            )
        )
        if parts.path != "/v1/certificates":
            return self._json(404, {"error": "not found"})
        if self.headers.get("Authorization") != f"Bearer {registry.token}":
            return self._json(401, {"error": "invalid token"})
        if problem:
            return self._json(400, {"error": problem})
        try:
            page_size = int(query.get("page_size", "100"))
        except ValueError:
            page_size = 0
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            return self._json(400, {"error": "page_size must be 1..1000"})

        fault = registry._take_fault(listing.page)
        if fault is not None:
            if fault.kind == "hang":
                registry._stop.wait(fault.seconds)
            elif fault.kind == "body":
                return self._raw(200, fault.body)
            elif fault.kind == "drip":
                return self._drip(registry.page(listing, page_size), fault.seconds)
            else:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                return self._json(fault.status, {"error": "injected"}, headers)
        return self._json(200, registry.page(listing, page_size))

    def _drip(self, payload, seconds: float):
        body = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            for i in range(len(body)):
                if self.registry._stop.wait(seconds):
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _json(self, status: int, payload, headers=None):
        self._raw(status, json.dumps(payload, ensure_ascii=False).encode(), headers)

    def _raw(self, status: int, body: bytes, headers=None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (timeout tests)
