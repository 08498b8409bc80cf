"""Fetching: conditional requests, timeouts, the size limit, redirects only to http(s) and never,
for a source not marked local, to the machine's own or private networks."""

from __future__ import annotations

import time

import pytest

from lagebild.feeds import fetch as F
from lagebild.feeds.config import Settings
from feedserver import Route, Server


def test_a_conditional_request_gets_304_and_no_body(server, fast):
    server.routes["/feed"] = Route("<rss/>", etag='"v1"', headers={"Last-Modified": "Mon, 04 Nov 2024 08:00:00 GMT"})
    f = F.Fetcher(fast)
    first = f.get(server.url("/feed"), local=True)
    assert first.status == 200 and first.etag == '"v1"' and first.last_modified.startswith("Mon, 04 Nov")
    again = f.get(server.url("/feed"), local=True, etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert server.requests[-1][1]["If-Modified-Since"] == first.last_modified


def test_a_slow_server_times_out_in_one_line(server):
    server.routes["/slow"] = Route("late", delay=3)
    f = F.Fetcher(Settings(host_delay=0, timeout=0.5))
    t0 = time.monotonic()
    with pytest.raises(F.FetchError) as err:
        f.get(server.url("/slow"), local=True)
    assert time.monotonic() - t0 < 2.5
    assert "timed out" in str(err.value) and "\n" not in str(err.value)


def test_a_50_mb_page_is_refused_without_being_read_whole(server):
    server.routes["/huge"] = Route(stream_bytes=50_000_000)
    f = F.Fetcher(Settings(host_delay=0, timeout=20, max_bytes=1_000_000))
    with pytest.raises(F.FetchError, match="larger than the limit of 1,000,000 bytes"):
        f.get(server.url("/huge"), local=True)
    time.sleep(0.5)  # the server notices the closed connection
    assert server.sent.get("/huge", 0) < 20_000_000  # the client stopped reading long before the end


def test_a_declared_length_over_the_limit_is_not_read(server):
    server.routes["/big"] = Route(b"x" * 3_000_000)
    with pytest.raises(F.FetchError, match="declared"):
        F.Fetcher(Settings(host_delay=0, max_bytes=1_000_000)).get(server.url("/big"), local=True)


def test_redirects_are_followed_over_http(server, fast):
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route("here")
    r = F.Fetcher(fast).get(server.url("/old"), local=True)
    assert r.status == 200 and r.body == b"here" and r.url.endswith("/new")


def test_a_redirect_to_file_is_refused(server, fast):
    server.routes["/to-file"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(F.FetchError, match=r"only http and https .*not file:"):
        F.Fetcher(fast).get(server.url("/to-file"), local=True)


def test_a_source_not_marked_local_cannot_reach_loopback(server, fast):
    server.routes["/feed"] = Route("secret")
    with pytest.raises(F.FetchError, match="loopback address"):
        F.Fetcher(fast).get(server.url("/feed"), local=False)
    assert server.requests == []  # refused before connecting


def test_a_redirect_to_127_0_0_1_is_refused_for_a_source_not_marked_local(fast, monkeypatch):
    # A "public" site (127.0.0.2, taken for a public address in this test only) redirects into the machine.
    public = Server("127.0.0.2")
    inside = Server("127.0.0.1")
    try:
        inside.routes["/admin"] = Route("internal")
        public.routes["/story"] = Route(status=302, headers={"Location": inside.url("/admin")})
        real = F.refused_reason
        monkeypatch.setattr(F, "refused_reason", lambda a: None if a == "127.0.0.2" else real(a))
        with pytest.raises(F.FetchError, match="127.0.0.1 is a loopback address"):
            F.Fetcher(fast).get(public.url("/story"), local=False)
        assert [p for p, _ in public.requests] == ["/story"] and inside.requests == []
    finally:
        public.close()
        inside.close()


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.1", "172.16.5.5", "169.254.169.254", "127.0.0.1",
                                     "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "100.64.0.1", "0.0.0.0"])
def test_private_loopback_and_link_local_addresses_are_refused(address):
    assert F.refused_reason(address) is not None


def test_a_name_with_one_private_address_among_public_ones_is_refused(fast):
    f = F.Fetcher(fast, resolver=lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(F.FetchError, match="10.0.0.7 is a private address"):
        f.get("http://news.example/feed")


def test_public_addresses_pass():
    assert F.refused_reason("93.184.216.34") is None and F.refused_reason("2606:4700::1111") is None


def test_requests_to_one_host_wait_for_the_delay(server):
    server.routes["/a"] = Route("a")
    slept = []
    f = F.Fetcher(Settings(host_delay=5.0), sleep=slept.append)
    f.get(server.url("/a"), local=True)
    f.get(server.url("/a"), local=True)
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0
