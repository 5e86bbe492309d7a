"""Stage 5b: render the policy HTML as a PDF/UA-1 file, then fix what WeasyPrint leaves.

WeasyPrint 70 tags the document itself (pdf_variant="pdf/ua-1"). The fix-ups are the
measured gaps listed in shared/accessibility.md:

1. running footers are marked content no structure element reaches (Kozea/WeasyPrint#1836):
   re-mark them as /Artifact /Pagination (Matterhorn 01-005);
2. link annotations' /Contents is the bare URL: use the link's visible text (PDF/UA 7.18.5);
3. <th> gets no /Scope: add /Column or /Row (Matterhorn 15-003).

The result is saved deterministically (fixed document ID, no modification dates), so two
builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name
from pikepdf.models.metadata import PdfMetadata

from generator.errors import RenderError
from generator.guidance import TEMPLATES
from generator.model import Policy
from generator.pdf_structure import (
    Element,
    elements,
    link_target,
    page_annotations,
    page_key,
    reachable_mcids,
)

FONTS_CSS = TEMPLATES / "html" / "fonts.css"
ALLOWED_FILES = TEMPLATES / "fonts"


def render_pdf(html: str, policy: Policy) -> bytes:
    """The policy as PDF/UA-1 bytes, from the HTML that render_html wrote."""
    meta = policy.meta
    if not meta.language or not meta.title:
        # WeasyPrint writes a silently invalid PDF without these (accessibility.md, gap 5).
        raise RenderError(f"{meta.slug}: a PDF needs a language and a title")
    raw = _weasyprint(html)
    return fix_up(raw, link_texts(html), policy)


def _weasyprint(html: str) -> bytes:
    weasyprint, css, font_config, fetcher = _weasy()
    document = weasyprint.HTML(string=html, base_url=str(FONTS_CSS), url_fetcher=fetcher)
    try:
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", stylesheets=[css],
                                        font_config=font_config)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise RenderError(f"the PDF renderer was refused a resource: {exc.__cause__}") from None
    return pdf


def warm_up() -> None:
    """Load WeasyPrint and the bundled fonts now, so the first render does not pay for it."""
    _weasy()


@cache
def _weasy() -> tuple[Any, Any, Any, Any]:
    """Import WeasyPrint and parse the font stylesheet once per process (about 1 s)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class(weasyprint.urls)(fail_on_errors=True)
    font_config = FontConfiguration()
    css = weasyprint.CSS(filename=str(FONTS_CSS), font_config=font_config, url_fetcher=fetcher)
    return weasyprint, css, font_config, fetcher


def _fetcher_class(urls: Any) -> Any:
    """A URL fetcher with no network: bundled fonts and inline data only (design.md)."""

    class OfflineFetcher(urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(urllib.parse.unquote(url.removeprefix("file://"))).resolve()
                if path.is_relative_to(ALLOWED_FILES.resolve()) and path.is_file():
                    return urls.URLFetcherResponse(
                        url, path.read_bytes(), {"Content-Type": _mime(path)})
            raise ValueError(f"{url} is not a bundled asset; policy-pack never uses the network")

    return OfflineFetcher


def _mime(path: Path) -> str:
    return {".ttf": "font/ttf", ".css": "text/css"}.get(path.suffix, "application/octet-stream")


# --- fix-ups ---------------------------------------------------------------------------------


def fix_up(raw: bytes, texts: dict[str, str], policy: Policy) -> bytes:
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        walked = list(elements(pdf))  # one walk of the structure tree for every fix-up
        mark_artifacts(pdf, walked)
        set_link_contents(pdf, texts)
        set_header_scope(walked)
        _metadata(pdf, policy)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


# WeasyPrint writes each marked-content sequence as `/Tag <</MCID n>> BDC` on its own lines.
_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


def mark_artifacts(pdf: pikepdf.Pdf, walked: list[Element]) -> None:
    """Re-mark content that no structure element reaches as a pagination artifact.

    Works on the content bytes with one pattern rather than parsing every operator: the
    same result for WeasyPrint's output at a tenth of the cost. audit_pdf re-parses the
    result properly (Matterhorn 01-005), so a miss here cannot pass unseen.
    """
    reachable = reachable_mcids(pdf, walked)
    parent_tree = _parent_tree(pdf)
    for page in pdf.pages:
        ids = reachable.get(page_key(page.obj), set())
        contents = page.obj.Contents
        if isinstance(contents, Array):
            raise RenderError("unexpected PDF: a page with several content streams")
        changed: list[int] = []

        def remark(match: re.Match[bytes], ids: set[int] = ids,
                   changed: list[int] = changed) -> bytes:
            mcid = int(match.group(1))
            if mcid in ids:
                return match.group(0)
            changed.append(mcid)
            return _PAGINATION

        data = _MARKED.sub(remark, contents.read_bytes())
        if changed:
            contents.write(data)
            _clear_parents(parent_tree, page.obj, changed)


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _clear_parents(tree: dict[int, pikepdf.Object], page: Dictionary, mcids: list[int]) -> None:
    entry = tree.get(int(page.get("/StructParents", -1)))
    if isinstance(entry, Array):
        for mcid in mcids:
            if mcid < len(entry):
                entry[mcid] = None


def set_link_contents(pdf: pikepdf.Pdf, texts: dict[str, str]) -> None:
    """Give each link annotation its visible text, not its address (PDF/UA-1 §7.18.5)."""
    for _, annot in page_annotations(pdf):
        if annot.get("/Subtype") != Name.Link:
            continue
        target = link_target(annot)
        text = texts.get(target)
        if not text:
            raise RenderError(f"no visible text known for the link to {target!r}")
        annot.Contents = pikepdf.String(text)


def set_header_scope(walked: list[Element]) -> None:
    """TH in a header row heads its column; TH elsewhere heads its row (Matterhorn 15-003)."""
    for element in walked:
        if element.type != "/TH":
            continue
        scope = Name.Column if "/THead" in element.parents else Name.Row
        existing = element.obj.get("/A")
        owners = [existing] if isinstance(existing, Dictionary) else list(existing or [])
        table = next((a for a in owners if a.get("/O") == Name.Table), None)
        if table is not None:
            table.Scope = scope  # WeasyPrint writes an empty /O /Table attribute object
        elif existing is None:
            element.obj.A = Dictionary(O=Name.Table, Scope=scope)
        else:
            element.obj.A = Array([*owners, Dictionary(O=Name.Table, Scope=scope)])


PROVENANCE_NS = "https://policy-pack.example/ns/provenance/1.0/"
PdfMetadata.register_xml_namespace(PROVENANCE_NS, "policypack")


def provenance(policy: Policy) -> dict[str, str]:
    """What a reviewer needs to know exactly what a file was made from."""
    meta = policy.meta
    return {"BaseEdition": meta.edition, "BaseEditionSHA256": meta.edition_sha256,
            "ProfileSHA256": meta.profile_sha256, "GeneratorVersion": meta.generator_version}


def _metadata(pdf: pikepdf.Pdf, policy: Policy) -> None:
    meta = policy.meta
    # set_pikepdf_as_editor=False and update_docinfo=False keep the dates out, so the
    # bytes depend only on the inputs.
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        for name, value in provenance(policy).items():
            xmp[f"policypack:{name}"] = value
        xmp["dc:creator"] = [meta.department]
        xmp["dc:language"] = [meta.language]
        xmp["dc:description"] = (
            f"Social media policy: {meta.department}. Derived from the Cabinet Office "
            f"guidance, edition {meta.edition}.")


# --- link texts from the HTML ----------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.texts.setdefault(self._href, " ".join("".join(self._text).split()))
            self._href = None


def link_texts(html: str) -> dict[str, str]:
    """Each link target in the page with the text a reader sees for it."""
    parser = _Links()
    parser.feed(html)
    return parser.texts
