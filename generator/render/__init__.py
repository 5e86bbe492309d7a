"""The outputs of a pack: HTML, the PDF/UA-1 file made from that HTML, the DOCX made from the
same document model, and the manifest."""

from generator.render.docx import new_document, render_docx, save_docx, set_language
from generator.render.docx import warm_up as _warm_docx
from generator.render.html import render_html, render_use_page, review_css, review_environment
from generator.render.html import warm_up as _warm_html
from generator.render.html_fonts import embed_fonts, link_fonts
from generator.render.html_fonts import warm_up as _warm_fonts
from generator.render.manifest import write_manifest
from generator.render.pdf import PROVENANCE_NS, PdfFile, render_pdf
from generator.render.pdf import warm_up as _warm_pdf

__all__ = [
    "PROVENANCE_NS",
    "PdfFile",
    "embed_fonts",
    "link_fonts",
    "new_document",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_use_page",
    "review_css",
    "review_environment",
    "save_docx",
    "set_language",
    "warm_up",
    "write_manifest",
]


def warm_up() -> None:
    """Load what every render needs, once per process: templates, WeasyPrint with the fonts,
    the subsets of the
    HTML page's fonts, and the SVG converter. Starts no thread, so a fork server may run it."""
    _warm_html()
    _warm_fonts()
    _warm_pdf()
    _warm_docx()
