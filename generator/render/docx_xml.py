"""WordprocessingML written as text: the escaped text, runs, paragraph styles and fields that
docx.py, docx_contents.py and docx_tables.py put together into the body.

docx.py's writer builds the body as text and parses it once (python-docx's object layer
costs a wrapper object and a schema-ordered insert for every element). Every piece of text
goes through escaped(), so profile text stays literal.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from generator.render.docx_columns import NO_BREAK_HYPHEN

# The Hyperlink character style, not direct formatting: LibreOffice's PDF export drops a
# link whose text has only a direct colour and underline (accessibility.md).
LINK_RUN = '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'


def escaped(text: str) -> str:
    return escape(text)


def escaped_attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def run_xml(text: str, properties: str = "") -> str:
    """A run of text; a no-break hyphen (U+2011, docx_columns.keep_whole) as Word's own
    <w:noBreakHyphen/>, which Word and LibreOffice keep whole and whose text is an
    ordinary hyphen to a search, a copy and a screen reader, where U+2011 is none."""
    content = "<w:noBreakHyphen/>".join(
        f'<w:t xml:space="preserve">{escaped(part)}</w:t>' if part else ""
        for part in text.split(NO_BREAK_HYPHEN))
    return f"<w:r>{properties}{content}</w:r>"


def style_xml(style_id: str) -> str:
    """A paragraph style by its ID (python-docx's lookup by name scans every style)."""
    return f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'


def field_xml(instruction: str, result: str, properties: str = "") -> str:
    """A complex field (ISO/IEC 29500-1, 17.16.18): its code, and the result shown until
    the application works it out again."""
    return (f'<w:r>{properties}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{properties}<w:instrText xml:space="preserve"> {escaped(instruction)} '
            f'</w:instrText></w:r><w:r>{properties}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run_xml(result, properties)}<w:r>{properties}<w:fldChar w:fldCharType="end"/></w:r>')
