"""Benchmark: the web editor, `policy-pack serve`, as its user meets it. Prints figures against
the goals of docs (web-editor notes); asserts nothing.

Everything goes through the real server (`python -m generator serve --port 0 --no-browser` in a
child process, over a copy of profiles/) and real HTTP, on the largest sample by size:
(a) the live preview's server time: 50 POSTs of the policy page's form to
    /p/<name>/preview/top?page=policy&item=, and 50 of a section page's form, each timed from
    sending the request to reading the whole answer (http.client, one kept-alive connection);
(b) from the last keystroke to the updated preview in Chromium, 20 trials: a unique word typed
    into the policy title. Timed in the page by the browser's own clock (performance.now):
    the last key's keydown; htmx sending the request (the pause: the page's debounce);
    the answer read (the request; its server time from the Server-Timing header); then the
    frame's load event and two animation frames, the paint after it (the browser's render).
    Playwright's wait for the word in the frame is printed too: it polls, and adds its own
    delay to what a person would see;
(c) the pack on demand: the first (cold: the page's GET starts the worker pool), then 6 warm
    packs, each after a trivial change to the file (a comment appended outside the editor, so
    none is made ahead or cached), timed from the POST to its redirect;
(d) start-up: from spawning the server to the address line on its output, 3 runs;
(e) "Make the pack" after a save, 8 times each way, each after its own save of a new policy
    title through the editor's form. As a person clicks: the save (POST, redirect), the task
    list loaded, then a person's pause before each of their two clicks (the "Make the pack"
    link, then the button), PERSON_PAUSE seconds each, then the click; at once: the click
    straight after the save's answer, nothing between (the worst case). Timed from the
    click's POST to the files page read (its redirect followed).
"""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = re.compile(r"(http://127\.0\.0\.1:(\d+))/\?token=(\S+)")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
SECTION = "posting.checks"
# A person's time to each click, from the Keystroke-Level Model (Card, Moran and Newell,
# 1980): mental preparation 1.35 s, pointing with the mouse 1.1 s, the press 0.1 s. Two such
# clicks follow a save before "Make the pack" is pressed: the task list's link, the button.
PERSON_PAUSE = 1.35 + 1.1 + 0.1
SPY = """() => {
  const t = window.__pp = {key: 0, sent: 0, answered: 0, painted: 0, server: -1};
  document.addEventListener('keydown', () => {
    t.key = performance.now(); t.sent = t.answered = t.painted = 0; t.server = -1;
  }, true);
  document.body.addEventListener('htmx:beforeRequest', () => { t.sent = performance.now(); });
  document.body.addEventListener('htmx:afterRequest', (e) => {
    t.answered = performance.now();
    const timing = /app;dur=([0-9.]+)/.exec(e.detail.xhr.getResponseHeader('Server-Timing') || '');
    t.server = timing ? parseFloat(timing[1]) : -1;
  });
  document.getElementById('pp-preview').addEventListener('load', (e) => {
    if (e.target.tagName !== 'IFRAME') return;
    requestAnimationFrame(() => requestAnimationFrame(() => { t.painted = performance.now(); }));
  }, true);
}"""


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


class Server:
    """The editor in a child process; stopped with Ctrl+C so its pack workers stop too."""

    def __init__(self, folder: Path) -> None:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(folder), "--port", "0",
             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
        assert self.process.stdout is not None
        for line in self.process.stdout:
            found = ADDRESS.search(line)
            if found:
                self.start_seconds = time.perf_counter() - started
                self.base, self.port, self.token = found.group(1), int(found.group(2)), \
                    found.group(3)
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return
        raise SystemExit("the server printed no address")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Client:
    """One kept-alive HTTP connection with the editor's cookies."""

    def __init__(self, server: Server) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        self.cookies: dict[str, str] = {}
        status, _ = self.request("GET", f"/?token={server.token}")
        assert status == 303 and self.cookies, status

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str]:
        sent = {"Host": f"127.0.0.1:{self.connection.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form).encode() if form is not None else None
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=sent)
        answer = self.connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        for value in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer.status, text

    def form(self, path: str) -> dict[str, str]:
        status, page = self.request("GET", path)
        assert status == 200, (path, status)
        body = re.search(r'<form[^>]*method="post"[^>]*>(.*?)</form>', page, re.S)
        assert body, path
        values: dict[str, str] = {}
        for tag in re.findall(r"<input\b[^>]*>", body.group(1)):
            name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
            if name is None or ('type="radio"' in tag and " checked" not in tag):
                continue
            values[name.group(1)] = html.unescape(value.group(1)) if value else ""
        for name, text in re.findall(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>',
                                     body.group(1), re.S):
            values[name] = html.unescape(text)
        return values

    def timed(self, method: str, path: str, form: dict[str, str],
              headers: dict[str, str] | None = None, expect: int = 200) -> float:
        started = time.perf_counter()
        status, text = self.request(method, path, form, headers)
        seconds = time.perf_counter() - started
        if status != expect:
            raise SystemExit(f"{path}: {status} {text[:300]}")
        return seconds


def previews(client: Client, name: str, runs: int = 50) -> dict[str, list[float]]:
    """(a) Each preview POST as htmx sends it, with the answer changed each time."""
    found: dict[str, list[float]] = {}
    hx = {"HX-Request": "true"}
    policy = client.form(f"/p/{name}/page/policy")
    section = client.form(f"/p/{name}/sections/{SECTION}")
    text_key = next(k for k in section if k.endswith(".text"))
    section["choice"] = "append"
    for label, path, form, key in (
            ("policy", f"/p/{name}/preview/top?page=policy&item=", policy, "policy.title"),
            ("section", f"/p/{name}/preview/{SECTION}?page=section&item={SECTION}", section,
             text_key)):
        for warm in range(3):
            client.timed("POST", path, {**form, key: f"warm {warm}"}, hx)
        found[label] = [client.timed("POST", path, {**form, key: f"Answer {run}"}, hx)
                        for run in range(runs)]
    return found


@dataclass(frozen=True)
class Typed:
    """One trial of (b), in ms: the whole wait and its parts."""

    total: float  # last keydown to the paint after the frame's load
    pause: float  # last keydown to the request sent
    request: float  # request sent to answer read, in the browser
    server: float  # the preview route's own time (Server-Timing), -1 if not sent
    render: float  # answer read to the paint after the frame's load
    playwright: float  # Playwright's wait for the word in the frame


def typing(server: Server, name: str, cookies: dict[str, str],
           trials: int = 20) -> list[Typed]:
    """(b) The last keystroke to the word in the preview frame's heading, in Chromium."""
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        # The key lets one browser in, once (the client has it): this one takes its cookies.
        page.context.add_cookies([{"name": k, "value": v, "url": server.base}
                                  for k, v in cookies.items()])
        page.goto(f"{server.base}/p/{name}/page/policy")
        page.evaluate(SPY)
        field = page.locator("#f-policy-title")
        heading = page.frame_locator("#pp-preview iframe").locator("h1")
        for trial in range(trials + 2):  # the first two warm up
            word = f"Benchword{trial}x"
            field.focus()
            page.keyboard.press("Control+A")
            page.keyboard.type(f"Policy {word}")
            started = time.perf_counter()
            heading.filter(has_text=word).wait_for(timeout=10_000)
            waited = (time.perf_counter() - started) * 1000
            t = page.evaluate("window.__pp")
            while not t["painted"]:  # polled from here: the page's CSP refuses eval
                page.wait_for_timeout(20)
                t = page.evaluate("window.__pp")
            if trial >= 2:
                found.append(Typed(t["painted"] - t["key"], t["sent"] - t["key"],
                                   t["answered"] - t["sent"], t["server"],
                                   t["painted"] - t["answered"], waited))
            page.wait_for_timeout(200)
        browser.close()
    return found


def packs(client: Client, folder: Path, name: str, warm: int = 6) -> tuple[float, list[float]]:
    """(c) The first pack (pool started by the page's GET), then warm packs of a changed file."""
    started = time.perf_counter()
    form = client.form(f"/p/{name}/pack")
    client.timed("POST", f"/p/{name}/pack", form, expect=303)
    cold = time.perf_counter() - started
    path = folder / name
    times = []
    for run in range(warm):
        path.write_text(path.read_text() + f"# bench run {run}\n")
        times.append(client.timed("POST", f"/p/{name}/pack", form, expect=303))
    return cold, times


def after_save(client: Client, name: str, person: bool, runs: int = 8) -> list[float]:
    """(e) Seconds from the click of "Make the pack" to its files page, each after a save."""
    times = []
    for run in range(runs):
        form = client.form(f"/p/{name}/page/policy")
        form["policy.title"] = f"Saved {'slowly' if person else 'at once'} {run} {time.time()}"
        status, _ = client.request("POST", f"/p/{name}/page/policy", form)
        assert status == 303, status
        if person:
            client.request("GET", f"/p/{name}")  # the task list the save leads to
            time.sleep(PERSON_PAUSE)  # to find and click "Make the pack"
            pack = client.form(f"/p/{name}/pack")
            time.sleep(PERSON_PAUSE)  # to read the page and press the button
        else:
            pack = client.form(f"/p/{name}/pack")  # the token; the page is not timed
        started = time.perf_counter()
        status, text = client.request("POST", f"/p/{name}/pack", pack)
        location = re.search(r'href="(/p/[^"]+/pack/[0-9a-f]{16})"', text)
        if status != 303 or location is None:
            raise SystemExit(f"the pack was not made: {status} {text[:300]}")
        status, _ = client.request("GET", location.group(1))
        times.append(time.perf_counter() - started)
        assert status == 200, status
    return times


def main() -> None:
    samples = sorted((ROOT / "profiles").glob("*.yaml"), key=lambda p: p.stat().st_size)
    name = samples[-1].name
    print(f"policy-pack serve on the largest sample, {name} ({samples[-1].stat().st_size} "
          f"bytes), {os.cpu_count()} CPUs\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "profiles"
        shutil.copytree(ROOT / "profiles", folder)
        starts = []
        for _ in range(3):
            server = Server(folder)
            starts.append(server.start_seconds)
            server.stop()
        server = Server(folder)
        try:
            client = Client(server)
            shown = previews(client, name)
            typed = typing(server, name, client.cookies)
            cold, warm = packs(client, folder, name)
            slow = after_save(client, name, person=True)
            hasty = after_save(client, name, person=False)
        finally:
            server.stop()
    server_ms = [t.server for t in typed if t.server >= 0]
    rows = [
        ("(a) preview, server time, policy page", "p50 <= 40 ms, p95 <= 150 ms",
         _ms(shown["policy"])),
        (f"(a) preview, server time, section {SECTION}", "p50 <= 40 ms, p95 <= 150 ms",
         _ms(shown["section"])),
        ("(b) last keystroke to preview painted", "p95 <= 400 ms",
         _ms([t.total / 1000 for t in typed])),
        ("(b)   the pause (keydown to request sent)", "", _ms([t.pause / 1000 for t in typed])),
        ("(b)   the request (sent to answer read)", "", _ms([t.request / 1000 for t in typed])),
        ("(b)     of which the server (Server-Timing)", "",
         _ms([t / 1000 for t in server_ms]) if server_ms else "not sent"),
        ("(b)   the browser (answer to paint)", "", _ms([t.render / 1000 for t in typed])),
        ("(b) last keystroke to Playwright seeing it", "",
         _ms([t.playwright / 1000 for t in typed])),
        ("(c) pack on demand, warm, not made ahead", "p95 <= 3 s",
         _s(warm) + f" (cold first: {cold:.2f} s)"),
        ("(d) server start to address printed", "<= 2 s",
         f"median {statistics.median(starts):.2f} s, max {max(starts):.2f} s"),
        ('(e) "Make the pack" after a save, as a person', "p95 <= 1.0 s", _s(slow)),
        ('(e) "Make the pack" at once after a save', "(worst case)", _s(hasty)),
    ]
    width = max(len(r[0]) for r in rows)
    goal = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'goal':<{goal}}  measured")
    for what, target, measured in rows:
        print(f"{what:<{width}}  {target:<{goal}}  {measured}")
    print(f"\n(a) {len(shown['policy'])} requests each; (b) {len(typed)} trials, including the "
          f"page's pause after typing; (c) {len(warm)} warm packs; (e) {len(slow)} clicks each "
          f"way, as a person: the save, the task list, {PERSON_PAUSE:.2f} s, the pack page, "
          f"{PERSON_PAUSE:.2f} s, the click; at once: the save, the click.")


def _ms(times: list[float]) -> str:
    return (f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms")


def _s(times: list[float]) -> str:
    return f"p50 {statistics.median(times):.2f} s, p95 {p95(times):.2f} s, max {max(times):.2f} s"


if __name__ == "__main__":
    main()
