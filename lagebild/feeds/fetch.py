"""HTTP for the feeds: polite, bounded and unable to reach the machine's own network.

* Every host name is resolved here and *every* address checked: one in a private, loopback,
  link-local, shared, multicast or reserved range refuses the request (unless the source is
  ``local``), and the connection then goes to the address that was checked (no second lookup
  a rebinding DNS could answer differently).  Redirects are followed by hand, each hop checked
  the same way, and only to http(s).
* A timeout for the whole request, a size limit counted while the body streams in (a larger
  body is never read whole), conditional requests (ETag / Last-Modified) and a delay between
  two requests to one host.
* urllib3 (the client under requests) because it lets a connection be pinned to an address
  while TLS still checks the host name.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError

from lagebild.feeds.config import Settings

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that failed or was refused; the message is one line."""


@dataclass(frozen=True)
class Response:
    url: str                  # after redirects
    status: int               # 200, or 304 (not modified: ``body`` is empty)
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def refused_reason(address: str) -> str | None:
    """Why a source that is not local may not connect to ``address`` (None: it may)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, words in ((ip.is_loopback, "a loopback"), (ip.is_link_local, "a link-local"),
                        (ip.is_private, "a private"), (ip.is_multicast, "a multicast"),
                        (ip.is_unspecified, "an unspecified"), (ip.is_reserved, "a reserved"),
                        (not ip.is_global, "a non-public")):
        if test:
            return f"{address} is {words} address"
    return None


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"{host}: cannot be resolved ({exc.strerror})") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


class Fetcher:
    """One per poll (or per ``watch``): remembers when each host was last asked."""

    def __init__(self, settings: Settings, resolver: Callable[[str, int], list[str]] = resolve,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self._resolve = resolver
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def _address(self, url: str, local: bool) -> tuple[str, str, int, str]:
        """(scheme, host, port, the checked address to connect to) of ``url``."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"{url[:200]}: refused, only http and https are followed (not {scheme or 'no scheme'}:)")
        if not parts.hostname:
            raise FetchError(f"{url[:200]}: no host")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchError(f"{url[:200]}: bad port") from None
        addresses = self._resolve(parts.hostname, port)
        if not addresses:
            raise FetchError(f"{parts.hostname}: cannot be resolved")
        if not local:
            for a in addresses:  # every address: a name resolving to one public and one private is refused
                why = refused_reason(a)
                if why:
                    raise FetchError(f"{url[:200]}: refused, {parts.hostname} resolves to {why} "
                                     "(mark the source local = true to allow it)")
        return scheme, parts.hostname, port, addresses[0]

    def _wait_for(self, host: str) -> None:
        with self._lock:
            last = self._last.get(host)
            wait = 0.0 if last is None else last + self.settings.host_delay - time.monotonic()
            self._last[host] = time.monotonic() + max(0.0, wait)
        if wait > 0:
            self._sleep(wait)

    def get(self, url: str, local: bool = False, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally, if ``etag``/``last_modified`` are given); raises ``FetchError``."""
        s = self.settings
        deadline = time.monotonic() + s.timeout
        headers = {"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(s.max_redirects + 1):
            scheme, host, port, address = self._address(url, local)
            self._wait_for(host)
            resp = self._open(url, scheme, host, port, address, headers, deadline)
            try:
                if resp.status in REDIRECTS:
                    target = resp.headers.get("Location")
                    if not target:
                        raise FetchError(f"{url[:200]}: HTTP {resp.status} without a Location")
                    url = urljoin(url, target.strip())
                    continue
                if resp.status == 304:
                    return Response(url, 304, b"", "", etag, last_modified)
                if resp.status != 200:
                    raise FetchError(f"{url[:200]}: HTTP {resp.status}")
                body = self._read(resp, url, deadline)
                return Response(url, 200, body, resp.headers.get("Content-Type", ""),
                                resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
            finally:
                resp.release_conn()
                resp.close()
        raise FetchError(f"{url[:200]}: more than {s.max_redirects} redirects")

    def _open(self, url, scheme, host, port, address, headers, deadline):
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        left = max(0.1, deadline - time.monotonic())
        timeout = urllib3.Timeout(connect=left, read=left)
        default_port = 443 if scheme == "https" else 80
        hdrs = {**headers, "Host": host if port == default_port else f"{host}:{port}"}
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=host, assert_hostname=host,
                                               cert_reqs="CERT_REQUIRED", timeout=timeout, retries=False, maxsize=1)
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
        try:
            return pool.urlopen("GET", path, headers=hdrs, redirect=False, retries=False,
                                preload_content=False, timeout=timeout)
        except HTTPError as exc:
            raise FetchError(f"{url[:200]}: {_why(exc)}") from None
        except OSError as exc:
            raise FetchError(f"{url[:200]}: {type(exc).__name__}") from None

    def _read(self, resp, url: str, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url[:200]}: larger than the limit of {limit:,} bytes ({int(declared):,} declared); not read")
        chunks, size = [], 0
        try:
            for chunk in resp.stream(CHUNK, decode_content=True):
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url[:200]}: larger than the limit of {limit:,} bytes; stopped reading")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url[:200]}: timed out after {self.settings.timeout:g} s")
                chunks.append(chunk)
        except HTTPError as exc:
            raise FetchError(f"{url[:200]}: {_why(exc)}") from None
        except OSError as exc:
            raise FetchError(f"{url[:200]}: {type(exc).__name__}") from None
        return b"".join(chunks)


def _why(exc: Exception) -> str:
    text = type(exc).__name__
    if "Timeout" in text or "timed out" in str(exc):
        return "timed out"
    return text
