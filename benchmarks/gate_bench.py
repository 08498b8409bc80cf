"""Password guessing against a live, gated dashboard (not a test: run by hand).

    .venv/bin/python benchmarks/gate_bench.py [--sessions 8] [--seconds 70]

Starts the dashboard behind a password (its own working folder with a secrets.toml), opens
--sessions browser tabs in Debian's chromium (each its own Streamlit session, all from one
address, like the adversarial pass) and submits wrong passwords round-robin as fast as the
page answers for --seconds.  Prints how many guesses the server actually checked ("Wrong
password.") against how many it refused unchecked ("Too many …"), and the checked guesses
per minute (target: <= 5 per address).  The last guess of each tab is the right password:
it gets in only if the limiter admits it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from harness import StreamlitServer, launch_chromium, new_context, since_now, wait_ready  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def submit(page, password: str) -> str:
    page.get_by_label("Password", exact=True).fill(password)
    t0 = since_now(page)
    page.get_by_role("button", name="Log in").click()
    wait_ready(page, since=t0, quiet_ms=200)  # this submission's answer, not the tab's previous one
    alert = page.locator('[data-testid="stAlert"]').first
    return alert.inner_text() if alert.count() else ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=70)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="lagebild-gate-"))
    (home / ".streamlit").mkdir()
    (home / ".streamlit" / "secrets.toml").write_text('[auth]\npassword = "s3cret"\n')
    checked = refused = 0
    with StreamlitServer(str(ROOT / "dashboard.py"), cwd=home) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = new_context(browser)
        pages = [context.new_page() for _ in range(args.sessions)]
        for page in pages:
            page.goto(server.url)
            page.get_by_label("Password", exact=True).wait_for(timeout=60_000)
        start = time.monotonic()
        i = 0
        times: list[float] = []  # when each checked guess was answered
        while time.monotonic() - start < args.seconds:
            text = submit(pages[i % len(pages)], f"guess-{i}")
            if "Wrong password" in text:
                checked += 1
                times.append(time.monotonic() - start)
            refused += "Too many" in text
            i += 1
        elapsed = time.monotonic() - start
        got_in = 0
        for page in pages:
            page.get_by_label("Password", exact=True).fill("s3cret")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_timeout(3000)
            got_in += page.get_by_label("Password", exact=True).count() == 0  # the login form is gone
        browser.close()
    print(f"{args.sessions} sessions, {elapsed:.0f} s: {i} guesses submitted, {checked} checked by the server, "
          f"{refused} refused unchecked")
    worst = max((sum(t <= x < t + 60 for x in times) for t in times), default=0)
    print(f"checked guesses in the worst 60-s window: {worst} (target <= 5 per address); "
          f"over the whole run {checked / elapsed * 60:.1f} a minute")
    print(f"the right password, submitted in every tab right after: {got_in} of {args.sessions} let in "
          f"(the rest refused unchecked by the limiter)")


if __name__ == "__main__":
    main()
