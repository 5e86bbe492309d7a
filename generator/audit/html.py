"""HTML audit: axe-core's WCAG 2.2 AA rules, run inside a real headless Chromium.

Uses Debian's Chromium (never a downloaded browser) through Playwright, and axe-core from
the npm registry. One browser serves a whole batch.

axe-core is JavaScript, so it is not in the Python package: it is found at POLICY_PACK_AXE,
else in ./node_modules (after `npm install axe-core` in the current folder), else in the
node_modules of the source checkout the code runs from (`make test` installs it there).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

from generator.audit.report import Finding
from generator.errors import PolicyPackError

CHROMIUM = os.environ.get("POLICY_PACK_CHROMIUM", "/usr/bin/chromium")
AXE_IN_NODE_MODULES = Path("node_modules", "axe-core", "axe.min.js")
REFLOW_WIDTH = 320
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# No network and no background services: these machines reach only the package registries.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


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
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._browser.close()
        self._playwright.stop()

    def audit(self, html: str) -> tuple[int, list[Finding]]:
        """(number of rules run, findings) for one page's HTML."""
        context = self._browser.new_context(java_script_enabled=True, offline=True)
        try:
            page = context.new_page()
            page.set_content(html, wait_until="load")
            page.add_script_tag(content=self._axe)
            result: dict[str, Any] = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                WCAG_22_AA)
            findings = [_finding(v, node) for v in result["violations"] for node in v["nodes"]]
            findings += _reflow(page)
        finally:
            context.close()
        checks = 1 + sum(len(result[k]) for k in ("passes", "violations", "incomplete",
                                                   "inapplicable"))
        return checks, findings


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
