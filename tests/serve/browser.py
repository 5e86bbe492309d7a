"""Shared helpers for the browser tests: the real server (`policy-pack serve` in a child
process, over a folder of copies of the samples), Debian's Chromium through Playwright (never a
downloaded browser), axe-core, and keyboard-only moves.

The browser tests are skipped where Chromium, Playwright or axe-core is missing; `make test`
installs all three.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.audit.html import WCAG_22_AA, HtmlAuditor, find_axe
from tests.serve.conftest import ROOT, copy_samples

CHROMIUM = Path("/usr/bin/chromium")
# Not generator.audit.html's arguments: their proxy settings would block the loopback server.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
ADDRESS = re.compile(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)")
MAX_TABS = 80


def _axe_path() -> Path | None:
    found = find_axe()
    if found is None:
        beside = ROOT / "node_modules" / "axe-core" / "axe.min.js"
        found = beside if beside.is_file() else None
    return found


def browser_available() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return "Debian's Chromium is not installed (/usr/bin/chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    if _axe_path() is None:
        return "axe-core is not installed (npm ci)"
    return ""


@pytest.fixture(scope="session", name="require_browser")
def require_browser_fixture() -> None:
    """Fail, never skip, where the browser is missing: `make test` installs it, and a
    check that quietly does not run proves nothing."""
    missing = browser_available()
    if missing:
        pytest.fail(f"{missing}: run `make test`, which installs it")


needs_browser = pytest.mark.usefixtures("require_browser")


@dataclass
class Server:
    """`policy-pack serve` running over `folder`, reachable at `base` with `token`."""

    process: subprocess.Popen[str]
    folder: Path
    base: str
    token: str
    drain: threading.Thread
    # The cookies of the first browser signed in: the key lets one browser in, once, so
    # every later browser of the tests starts with this one's cookie (as a second window).
    state: dict[str, Any] | None = None

    @property
    def entry(self) -> str:
        """The address the command printed: it trades the token for the cookie."""
        return f"{self.base}/?token={self.token}"

    def stop(self) -> None:
        # Ctrl+C, as its user stops it: the editor then shuts its pack workers down too
        # (SIGTERM would leave them running). Only the process this helper started.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        if self.process.stdout is not None:
            self.drain.join(10)  # the output's end, then the pipe is closed
            self.process.stdout.close()


def start_server(folder: Path, *extra: str) -> Server:
    """Start the editor on a free port and wait for the address it prints."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(folder), "--port", "0",
         "--no-browser", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    assert process.stdout is not None
    seen = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = ADDRESS.search(line)
        if found:
            # Keep draining the output so that the server never blocks on a full pipe.
            drain = threading.Thread(target=process.stdout.read, daemon=True)
            drain.start()
            return Server(process, folder, found.group(1), found.group(2), drain)
    process.kill()
    raise AssertionError("the server printed no address:\n" + "".join(seen))


@pytest.fixture(scope="module", name="samples")
def samples_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("profiles")
    copy_samples(folder)
    return folder


@pytest.fixture(scope="module", name="server")
def server_fixture(samples: Path) -> Iterator[Server]:
    running = start_server(samples)
    yield running
    running.stop()


@pytest.fixture(scope="module", name="browser")
def browser_fixture(auditor: HtmlAuditor) -> Iterator[Any]:
    """A Chromium of these tests' own (the auditor's blocks loopback), launched from the
    session's one Playwright driver: a second sync driver in one process is refused."""
    chromium = auditor.playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def signed_in(browser: Any, server: Server, js: bool = True, width: int = 1000) -> Any:
    """A new browser profile on the editor with the cookie: the first opens the printed
    address, and every later one is given that first one's cookie, as the key is traded
    once (a new context opening the address again would be refused)."""
    context = browser.new_context(java_script_enabled=js, accept_downloads=True,
                                  viewport={"width": width, "height": 800},
                                  storage_state=server.state)
    context.set_default_timeout(30_000)  # a shared 2-core machine can be slow
    page = context.new_page()
    page.goto(server.entry if server.state is None else server.base + "/")
    assert "token" not in page.url
    if server.state is None:
        server.state = context.storage_state()
    return page


_AXE: list[str] = []


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now: "rule: targets" each.
    Injected by evaluate: the pages' Content-Security-Policy refuses add_script_tag."""
    if not _AXE:
        path = _axe_path()
        assert path is not None
        _AXE.append(path.read_text("utf-8"))
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(_AXE[0])
    # Measured once the layout has settled (fonts in, two frames drawn): under load, a
    # target measured mid-layout was once reported as too small (target-size).
    page.evaluate("document.fonts.ready.then(() => new Promise(done =>"
                  " requestAnimationFrame(() => requestAnimationFrame(done))))")
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', ')))", WCAG_22_AA)
    return list(found)


def overflow_at_320(page: Any) -> list[str]:
    """At a 320 CSS px viewport (WCAG 1.4.10 reflow): the innermost elements that reach past
    its right edge, with their widths; empty when nothing scrolls sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        wide = page.evaluate(OVERFLOWING)
    finally:
        page.set_viewport_size(size)
    return list(wide)


def look_at(page: Any, shots: Path, name: str) -> None:
    """Look at the page as it is now, as the project's audit does: photographed at 1280 px
    wide (`shots`/NAME-1280.png, taken first so a failure can be seen), no axe-core
    violation there, nothing scrolling sideways at 320 CSS px, photographed at 320 px
    (NAME-320.png); then the viewport it had, so a test goes on as before."""
    shots.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": size["height"]})
    try:
        page.screenshot(path=str(shots / f"{name}-1280.png"), full_page=True)
        assert axe_violations(page) == [], f"{name}: {page.url}"
        assert overflow_at_320(page) == [], f"{name}: {page.url} is wider than 320 px"
        page.set_viewport_size({"width": 320, "height": 640})
        page.screenshot(path=str(shots / f"{name}-320.png"), full_page=True)
    finally:
        page.set_viewport_size(size)


OVERFLOWING = """() => {
  if (document.documentElement.scrollWidth <= 320) return [];
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.right <= 320.5 || r.width === 0) continue;
    const inner = [...e.children].some(c => c.getBoundingClientRect().right > 320.5);
    if (!inner) out.push(`${e.tagName.toLowerCase()}.${e.className} (${Math.round(r.width)} px):`
                         + ` ${(e.textContent || '').trim().slice(0, 60)}`);
  }
  return out.length ? out.slice(0, 8) : ['the page, scrollWidth '
                                          + document.documentElement.scrollWidth];
}"""


# Keyboard moves: the journey's steps use only these (Tab, Shift+Tab, Enter, Space, arrows and
# typing), never click() or fill().

def focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector))


def active_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def tab_to(page: Any, selector: str, backwards: bool = False, limit: int = MAX_TABS) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press(key)
    if not focused(page, selector):
        where = page.evaluate("document.activeElement ? document.activeElement.outerHTML"
                              ".slice(0, 200) : ''")
        raise AssertionError(f"{selector} not reached in {limit} presses of {key} on "
                             f"{page.url}; focus is on {where}")


def follow(page: Any, selector: str) -> None:
    """Tab to a link or button and press Enter, waiting for the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page: Any, selector: str, text: str) -> None:
    """Tab to a field, select what it holds, and type over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    if text:
        page.keyboard.type(text)
    else:
        page.keyboard.press("Delete")


def type_date(page: Any, field_id: str, day: int, month: int, year: int) -> None:
    for part, value in (("day", day), ("month", month), ("year", year)):
        type_into(page, f"#{field_id}-{part}", str(value))


def choose(page: Any, name: str, value: str) -> None:
    """Pick a radio button by keyboard: Tab into the group, arrows to the answer, Space."""
    tab_to(page, f'input[type="radio"][name="{name}"]')
    for _ in range(12):
        if focused(page, f'input[name="{name}"][value="{value}"]'):
            break
        page.keyboard.press("ArrowDown")
    assert focused(page, f'input[name="{name}"][value="{value}"]'), (name, value)
    page.keyboard.press("Space")
    assert page.evaluate("s => document.querySelector(s).checked",
                         f'input[name="{name}"][value="{value}"]')


def save(page: Any) -> None:
    """Tab forwards to the form's button and press Enter."""
    follow(page, 'form[method="post"] button.govuk-button')


def path_of(page: Any) -> str:
    return "/" + page.url.split("/", 3)[3] if page.url.count("/") >= 3 else page.url


def reset_folder(folder: Path) -> None:
    """Put the samples back as they were (tests that save change them)."""
    for path in folder.glob("*.yaml"):
        path.unlink()
    shutil.rmtree(folder / "logos", ignore_errors=True)
    copy_samples(folder)
