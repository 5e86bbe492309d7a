"""HTML audit: axe-core's WCAG 2.2 AA rules, run inside a real headless Chromium at 1280 and
at 320 CSS px (WCAG 1.4.10 reflow: the page itself must not scroll sideways there), with
axe's best-practice rules at 320.

Uses Debian's Chromium (never a downloaded browser) through Playwright, and axe-core from
the npm registry. One browser serves a whole batch.

axe-core is JavaScript, so it is not in the Python package: it is found at POLICY_PACK_AXE,
else in ./node_modules (after `npm install axe-core` in the current folder), else in the
node_modules of the source checkout the code runs from (`make test` installs it there).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import resource
import shutil
import signal
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from generator.audit.report import Finding
from generator.errors import PolicyPackError

CHROMIUM = os.environ.get("POLICY_PACK_CHROMIUM", "/usr/bin/chromium")
AXE_IN_NODE_MODULES = Path("node_modules", "axe-core", "axe.min.js")
REFLOW_WIDTH = 320
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# And, at the reflow width, axe's best-practice rules (tag "best-practice"): not failures of
# WCAG itself, but what a reader of a screen reader meets, such as content outside every
# landmark (`region`), two landmarks of one name, or a heading order that skips. axe runs
# the rules that carry any of the tags given (runOnly by tag is a union). Once, not at both
# widths: they judge the page's structure, which the width does not change, and they take
# two fifths of axe's time on a long page.
AXE_TAGS = [*WCAG_22_AA, "best-practice"]
# Anyone's page is hostile. It gets no network at all, loopback included, and a few seconds
# and a bounded heap before it is stopped and reported (see HtmlAuditor.audit).
LOAD_TIMEOUT_MS = 5_000  # set_content and every other Playwright call that takes a timeout
# The whole page, axe included: our longest page (a comparison of two departments) takes
# about 8 s alone, 13 s with the other core busy.
PAGE_SECONDS = 20.0
HEAP_MB = 256  # V8's heap for each page: a page that grows past it crashes and is reported
# V8's heap limit does not cover ArrayBuffers (measured: 1.7 GB in 5 s past it), so each
# renderer process also gets a data limit (RLIMIT_DATA, Linux), which makes an allocation
# past it fail. Our longest sample audits well within it.
RENDERER_DATA_MB = 1024
WATCH_SECONDS = 0.1  # how often the watchdog limits new renderers and looks at the clock
# No background services. The request routes in HtmlAuditor.audit abort every request
# Playwright can see, but measured with them alone a page still opened a TCP connection to
# a socket on 127.0.0.1 (a connection made below the requests Playwright routes, such as a
# speculative preconnect). So, each of which alone stopped it: every connection goes to a
# proxy that cannot be reached (255.255.255.255 fails at connect(), before any packet) with
# loopback no longer exempt, and no host name (nor address) resolves. WebRTC may not send
# UDP outside the proxy.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", f"--js-flags=--max-old-space-size={HEAP_MB}",
                 "--proxy-server=http://255.255.255.255:1", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND",
                 "--webrtc-ip-handling-policy=disable_non_proxied_udp",
                 "--force-webrtc-ip-handling-policy"]


class AuditUnavailable(PolicyPackError):
    """The HTML audit cannot run here; the message says what to install."""


def find_axe() -> Path | None:
    """axe-core's script: where POLICY_PACK_AXE says, in ./node_modules, or in the checkout."""
    named = os.environ.get("POLICY_PACK_AXE")
    if named:
        return Path(named) if Path(named).is_file() else None
    checkout = Path(__file__).resolve().parents[2]  # generator/audit/html.py -> the checkout
    for folder in (Path.cwd(), checkout):
        if (folder / AXE_IN_NODE_MODULES).is_file():
            return folder / AXE_IN_NODE_MODULES
    return None


class HtmlAuditor:
    """A headless Chromium with axe-core, opened once and reused for many pages."""

    def __enter__(self) -> HtmlAuditor:
        if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
            raise AuditUnavailable(
                f"the HTML audit needs Chromium at {CHROMIUM}, which is not installed; "
                "install it with `sudo apt-get install chromium` (policy-pack never "
                "downloads a browser)")
        axe = find_axe()
        if axe is None and os.environ.get("POLICY_PACK_AXE"):
            raise AuditUnavailable(
                f"POLICY_PACK_AXE names {os.environ['POLICY_PACK_AXE']}, which is not a file; "
                "point it at axe-core's axe.min.js")
        if axe is None:
            raise AuditUnavailable(
                "the HTML audit needs axe-core, which is not installed here; run "
                "`npm install axe-core` in this folder, or set POLICY_PACK_AXE to the path "
                "of its axe.min.js")
        from playwright.sync_api import sync_playwright

        self._axe = axe.read_text("utf-8")
        self._playwright = sync_playwright().start()
        self._launch()
        return self

    def _launch(self) -> None:
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        info = self._browser.new_browser_cdp_session().send("SystemInfo.getProcessInfo")
        self._browser_pid = next((int(p["id"]) for p in info["processInfo"]
                                  if p["type"] == "browser"), None)

    @property
    def playwright(self) -> Any:
        """The Playwright driver this auditor started: one per process can run the sync
        API, so other users of a browser in the same process (tests) launch theirs here."""
        return self._playwright

    @property
    def browser(self) -> Any:
        """The Chromium this auditor drives (Playwright's Browser), for callers that look at
        pages themselves: one process may hold only one Playwright session at a time."""
        return self._browser

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        with contextlib.suppress(Exception):  # a browser killed by the watchdog is gone
            self._browser.close()
        self._playwright.stop()

    def audit(self, html: str) -> tuple[int, list[Finding]]:
        """(number of rules run, findings) for one page's HTML.

        A page that navigates away, does not finish loading in LOAD_TIMEOUT_MS, runs past
        PAGE_SECONDS or crashes (its heap past HEAP_MB) gets one finding saying so; the
        browser lives on (or is started again) for the next page.
        """
        from playwright.sync_api import Error, TimeoutError

        guard = _Guard()
        watchdog = threading.Thread(target=guard.watch, args=(self._browser_pid,),
                                    daemon=True)
        context = self._browser.new_context(java_script_enabled=True, offline=True,
                                            service_workers="block")
        try:
            context.set_default_timeout(LOAD_TIMEOUT_MS)
            context.set_default_navigation_timeout(LOAD_TIMEOUT_MS)
            context.route("**/*", guard.request)  # every page, frame, popup and worker
            context.route_web_socket("**/*", guard.web_socket)
            watchdog.start()
            page = context.new_page()
            page.on("framenavigated", guard.navigated)
            return self._run(page, html, guard)
        except TimeoutError:
            return 1, [guard.stopped_finding() or _stopped(
                f"it did not finish loading within {LOAD_TIMEOUT_MS // 1000} seconds (a "
                "script that never ends?)")]
        except Error as exc:
            if "because of a navigation" in str(exc) and not guard.navigation:
                guard.navigation = "another document"  # its event had not arrived yet
            return 1, [guard.stopped_finding() or _stopped(_crash_reason(str(exc)))]
        finally:
            guard.done.set()
            watchdog.join()
            with contextlib.suppress(Exception):
                context.close()
            if not self._browser.is_connected():
                self._launch()

    def _run(self, page: Any, html: str, guard: _Guard) -> tuple[int, list[Finding]]:
        page.set_content(html, wait_until="load")
        if guard.navigation:
            return 1, [guard.stopped_finding() or _stopped("")]
        page.add_script_tag(content=self._axe)
        wide, checks = _axe(page, WCAG_22_AA)
        findings = wide + _reflow(page)
        # Again at the reflow width: a table that only scrolls there must take the keyboard's
        # focus there too (axe scrollable-region-focusable), and a layout may hide or
        # overlap there what it shows at 1280; and the best-practice rules, run once (see
        # AXE_TAGS). A finding at both widths is reported once.
        narrow, more = _axe(page, AXE_TAGS)
        seen = {(f.rule, f.where) for f in wide}
        findings += [dataclasses.replace(f, rule=f"{f.rule} at {REFLOW_WIDTH} CSS px")
                     for f in narrow if (f.rule, f.where) not in seen]
        if guard.navigation:  # left during the checks: they may describe another document
            return 1, [guard.stopped_finding() or _stopped("")]
        return 1 + checks + more, findings


class _Guard:
    """What one page tried that the audit refused, and the watchdog that stops it."""

    def __init__(self) -> None:
        self.navigation = ""  # where the page's own top frame tried to go
        self.timed_out = False
        self.done = threading.Event()  # set by the auditing thread when the page is over

    def request(self, route: Any) -> None:
        # The page arrives by set_content and axe by add_script_tag: neither is a request,
        # so every request is the page's own reach for the network, and is refused.
        request = route.request
        if request.is_navigation_request() and request.frame.parent_frame is None \
                and not self.navigation:
            self.navigation = request.url
        route.abort("blockedbyclient")

    def navigated(self, frame: Any) -> None:
        # The top frame committed another document: a reload, or about:blank, which no
        # request shows. A URL with a fragment is a same-document move (location.hash,
        # history.pushState), which keeps the page.
        if frame.parent_frame is None and "#" not in frame.url and not self.navigation:
            self.navigation = frame.url

    def web_socket(self, socket: Any) -> None:
        socket.close()  # never connected to the server: Playwright answers it itself

    def watch(self, browser_pid: int | None) -> None:
        """The watchdog thread: limit each new renderer's memory, and stop the page at
        PAGE_SECONDS. No Playwright call here: the sync API belongs to the auditing thread."""
        deadline = time.monotonic() + PAGE_SECONDS
        limited: set[int] = set()
        while True:
            for pid in set(_renderers(browser_pid)) - limited:
                limited.add(pid)
                with contextlib.suppress(OSError, AttributeError):  # gone, or not Linux
                    limit = RENDERER_DATA_MB << 20
                    resource.prlimit(pid, resource.RLIMIT_DATA, (limit, limit))
            if time.monotonic() > deadline:
                self.stop(browser_pid)
                return
            if self.done.wait(WATCH_SECONDS):
                return

    def stop(self, browser_pid: int | None) -> None:
        """Kill the page's renderers; every pending Playwright call on it then fails."""
        self.timed_out = True
        for pid in _renderers(browser_pid) or ([browser_pid] if browser_pid else []):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def stopped_finding(self) -> Finding | None:
        if self.timed_out:
            return _stopped(f"it was still running after {PAGE_SECONDS:g} seconds (a script "
                            "that never ends?)")
        if self.navigation:
            return _stopped(f"its script navigates away (to {self.navigation[:200]}), "
                            "which the audit does not follow")
        return None


def _stopped(why: str) -> Finding:
    return Finding("HTML audit", "page", f"the page was stopped and not checked: {why}")


def _crash_reason(message: str) -> str:
    if "crash" in message.lower():
        return (f"it crashed (a script using more memory than a page is allowed: {HEAP_MB} "
                f"MB of script heap, {RENDERER_DATA_MB} MB in all?)")
    return f"the browser failed on it ({message.splitlines()[0][:200]})"


def _renderers(browser_pid: int | None) -> list[int]:
    """The renderer processes under Chromium's browser process (Linux /proc), or []."""
    if browser_pid is None:
        return []
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], list(children.get(browser_pid, []))
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        with contextlib.suppress(OSError):
            if b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
    return found


def _axe(page: Any, tags: list[str]) -> tuple[list[Finding], int]:
    """axe-core's rules of these tags on the page as it is laid out now: the findings, and
    how many checks ran."""
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    findings = [_finding(v, node) for v in result["violations"] for node in v["nodes"]]
    return findings, sum(len(result[k]) for k in ("passes", "violations", "incomplete",
                                                   "inapplicable"))


def _reflow(page: Any) -> list[Finding]:
    """WCAG 1.4.10: at 400% zoom of a 1280 px window (320 CSS px) only a wide table may
    scroll sideways, never the page."""
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    if width <= REFLOW_WIDTH:
        return []
    return [Finding("WCAG 1.4.10 reflow", "page", f"at 400% zoom ({REFLOW_WIDTH} CSS pixels "
                    f"wide) the page is {width} pixels wide, so readers must scroll sideways")]


def _finding(violation: dict[str, Any], node: dict[str, Any]) -> Finding:
    target = " ".join(str(t) for t in node.get("target", [])) or "page"
    return Finding(f"axe {violation['id']}", target, str(violation["help"]))
