"""Safety rules: profile strings are data in every output; the renderer never uses a network."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from generator.batch import build_all
from generator.build import Built
from generator.errors import RenderError
from generator.policy.typography import typographic
from generator.render.pdf import _weasyprint
from tests.profile.hostile_cases import GOOD, SVG

# Strings that would do something if any output treated them as markup or as a template.
INJECTIONS = {
    "name": "Department of <script>alert(1)</script> Examples",
    "short_name": "{{ 7*7 }}",
    "owner": "{% if true %}Owner{% endif %} <b>team</b>",
    "purpose": "<img src=x onerror=alert(1)> news",
    "rule_title": "Rule &amp; {{ config }}",
    "rule_text": "Plain <i>tag</i> and ${HOME} and {# comment #} text.",
    "reason": "<a href='https://evil.example'>why</a> {{ '' }}",
}


def profile_text() -> str:
    text = GOOD.replace("Department of Examples logo", "The examples logo")
    text = text.replace("  name: Department of Examples", f"  name: '{INJECTIONS['name']}'")
    text = text.replace("short_name: DoE", f"short_name: '{INJECTIONS['short_name']}'")
    text = text.replace("owner: Digital team", f"owner: '{INJECTIONS['owner']}'")
    text = text.replace("purpose: News", f"purpose: '{INJECTIONS['purpose']}'")
    return text + (
        "local_rules:\n  - id: local.rule\n"
        f"    title: '{INJECTIONS['rule_title']}'\n"
        f"    text: '{INJECTIONS['rule_text']}'\n"
        f"    reason: \"{INJECTIONS['reason']}\"\n"
        "    approved_by: Head of Digital\n    date: 2026-01-01\n")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("injected")
    (folder / "p.yaml").write_text(profile_text(), "utf-8")
    (folder / "logo.svg").write_bytes(SVG)
    [result] = build_all([folder / "p.yaml"], folder / "out")
    assert isinstance(result, Built), getattr(result, "error", "")
    return result


def output(built: Built, suffix: str) -> Path:
    return next(built.folder.glob(f"*-policy{suffix}"))  # the policy, not the public page


# Literally, that is escaped and never run, as the pack prints prose: quotes typeset
# ({{ '' }} with curly ones), an address's quotes kept.
@pytest.mark.parametrize("field", sorted(INJECTIONS))
def test_profile_strings_appear_literally_in_html(injected: Built, field: str) -> None:
    parser = _Text()
    parser.feed(output(injected, ".html").read_text("utf-8"))
    assert typographic(INJECTIONS[field]) in "".join(parser.parts)
    assert "script" not in parser.tags
    assert "img" in parser.tags  # the logo, and only that: no injected <img>
    assert parser.tags.count("img") == 1


@pytest.mark.parametrize("field", sorted(INJECTIONS))
def test_profile_strings_appear_literally_in_docx(injected: Built, field: str) -> None:
    document = Document(str(output(injected, ".docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert typographic(INJECTIONS[field]) in text


@pytest.mark.parametrize("field", sorted(INJECTIONS))
def test_profile_strings_appear_literally_in_pdf(injected: Built, field: str) -> None:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(output(injected, ".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert squash(typographic(INJECTIONS[field])) in squash(text)


@pytest.mark.parametrize("html", [
    '<img src="https://example.com/tracker.png" alt="x">',
    '<img src="file:///etc/hostname" alt="x">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    '<img src="ftp://example.com/x.png" alt="x">',
])
def test_the_pdf_renderer_fetches_nothing_but_bundled_assets(html: str) -> None:
    page = f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{html}</body></html>'
    with pytest.raises(RenderError, match="refused a resource"):
        _weasyprint(page)


def test_bundled_fonts_are_fetched(injected: Built) -> None:
    fonts = subprocess.run(["pdffonts", str(output(injected, ".pdf"))], capture_output=True,
                           text=True, check=True).stdout
    assert "Noto-Sans" in fonts
