"""Real-browser harness: a live ``streamlit run`` server, Debian's chromium via Playwright,
a localhost-only network guard and a "the app has finished running and drawn" wait.

Used by the browser tests (``tests/browser``) and by ``benchmarks/dashboard_bench.py``.
Nothing here imports Streamlit or the app: the app runs in its own process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1920, "height": 1080}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

# URL path of every page, as st.navigation derives it from st.Page("pages/<stem>.py"):
# the file stem; the default page (Overview) also answers at "/".
PAGES = {
    "overview": "",
    "whats_new": "whats_new",
    "map": "map",
    "actors": "actors",
    "troop_figures": "troop_figures",
    "timeline": "timeline",
    "sources": "sources",
    "briefing": "briefing",
    "add_documents": "add_documents",
    "review": "review",
    "feeds": "feeds",
}

# Installed once per document, before any app script runs: records every change of the
# app's script state (stApp's data-test-script-state), the time of the last DOM change inside
# a plotly chart and of the last DOM change in the main area, all in performance.now() ms.
# (A very short rerun can go running -> notRunning within one React commit, so the main area's
# changes also count as "the app ran".)
MONITOR_JS = r"""
(() => {
  if (window.__lb) return;
  const lb = window.__lb = {states: [], lastPlot: 0, lastMain: 0, lastState: null};
  const note = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const s = app ? app.getAttribute('data-test-script-state') : null;
    if (s !== lb.lastState) { lb.lastState = s; lb.states.push([s, performance.now()]); }
  };
  const obs = new MutationObserver((muts) => {
    note();
    const now = performance.now();
    for (const m of muts) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (!el || !el.closest) continue;
      if (el.closest('.js-plotly-plot')) { lb.lastPlot = now; lb.lastMain = now; break; }
      if (el.closest('[data-testid="stMain"]')) lb.lastMain = now;
    }
  });
  const start = () => obs.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""

# True once the app is idle: script not running (and it has run since `since`), every plotly
# chart has its SVG, and neither the script state nor any chart changed for `quiet` ms.
READY_JS = r"""
([since, quiet]) => {
  const lb = window.__lb;
  if (!lb) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!lb.states.some(([s, t]) => s === 'running' && t >= since) && lb.lastMain < since) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  if (plots.some(p => !p.querySelector('.main-svg'))) return false;
  const lastState = lb.states[lb.states.length - 1][1];
  const last = Math.max(lastState, lb.lastMain);
  return performance.now() - last >= quiet;
}
"""

DONE_AT_JS = r"""
(since) => {
  const lb = window.__lb;
  const lastState = lb.states[lb.states.length - 1][1];
  return {done: Math.max(lastState, lb.lastMain) - since, plots: document.querySelectorAll('.js-plotly-plot').length};
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """``streamlit run <script>`` on a free port, headless; ``stop()`` kills it."""

    def __init__(self, script: str = "dashboard.py", tables: str | os.PathLike | None = None, cwd: Path = ROOT,
                 timeout: float = 60.0):
        self.script, self.cwd, self.timeout = script, cwd, timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("LAGEBILD_TABLES", None)
        if tables is not None:
            env["LAGEBILD_TABLES"] = str(tables)
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"lagebild-streamlit-{self.port}.log"
        self._log = open(self.log_path, "w")
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {self.timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def launch_chromium(playwright):
    """Debian's chromium; raises if it is missing or cannot start (callers decide to skip)."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in {h.strip("[]") for h in LOCAL_HOSTS}


@dataclass
class NetworkGuard:
    """Lets through only localhost (and data:/blob:); records everything else, aborted or seen."""

    blocked: list[str] = field(default_factory=list)

    def install(self, context) -> None:
        def handle(route):
            url = route.request.url
            if is_local(url):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", handle)

        def block_ws(ws):
            self.blocked.append(ws.url)
            ws.close()

        # Only outside websockets are routed (and closed): proxying the app's own websocket
        # through the Playwright driver would slow every rerun down.
        context.route_web_socket(lambda url: not is_local(url), block_ws)
        context.on("request", lambda req: None if is_local(req.url) else self.blocked.append(req.url))
        context.on("page", self.watch_page)

    def watch_page(self, page) -> None:
        page.on("websocket", lambda ws: None if is_local(ws.url) else self.blocked.append(ws.url))

    def distinct(self) -> list[str]:
        return sorted(set(self.blocked))


def new_context(browser, guard: NetworkGuard | None = None):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.add_init_script(MONITOR_JS)
    if guard is not None:
        guard.install(context)
    return context


def page_url(base: str, page: str, query: str = "") -> str:
    path = PAGES.get(page, page)
    return f"{base}/{path}{query}"


def since_now(page) -> float:
    return page.evaluate("performance.now()")


def wait_ready(page, since: float = 0.0, quiet_ms: int = 400, timeout_ms: int = 60_000) -> dict:
    """Wait until the app ran (after ``since``), is idle and every plotly chart is drawn and stable.

    Returns ``{"done": ms from since to the last script-state change or DOM change in the main
    area (charts included), "plots": n}``.
    """
    page.wait_for_function(READY_JS, arg=[since, quiet_ms], polling=50, timeout=timeout_ms)
    return page.evaluate(DONE_AT_JS, since)


def page_problems(page) -> list[str]:
    """Visible exceptions and error alerts, as text."""
    out = []
    for el in page.locator('[data-testid="stException"]').all():
        if el.is_visible():
            out.append("exception: " + el.inner_text()[:2000])
    for el in page.locator('[data-testid="stAlert"]').all():
        if not el.is_visible():
            continue
        kind = el.locator('[data-testid="stAlertContentError"]')
        if kind.count():
            out.append("error alert: " + el.inner_text()[:2000])
    return out


def select_actor(page, name: str) -> None:
    """Type ``name`` into the sidebar's Actors multiselect and pick the first match."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Actors").first
    box.locator("input").click()
    box.locator("input").fill(name)
    page.locator('[role="option"]').filter(has_text=name).first.wait_for(timeout=10_000)
    page.keyboard.press("Enter")
