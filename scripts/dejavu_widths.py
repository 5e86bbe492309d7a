"""Write generator/render/metrics_dejavu.py: DejaVu Sans's advance widths, for the DOCX's columns.

`python scripts/dejavu_widths.py [FONT_DIR]` (default /usr/share/fonts/truetype/dejavu, where
Debian's fonts-dejavu-core puts them; the Makefile installs that package).

The DOCX names Noto Sans but cannot embed it, and LibreOffice on Debian draws it in DejaVu
Sans, wider (a "+" 1.46 times, brackets 1.3 times). A column must hold a phone number whole in
either face, so its least width is measured in both; the build must give the same bytes on
every machine, so it reads this table, never the system's font file. Run again only when the
characters below change, and commit the module it writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "render" / "metrics_dejavu.py"
FACES = {"REGULAR": "DejaVuSans.ttf", "BOLD": "DejaVuSans-Bold.ttf"}
# ASCII printable; Latin-1's no-break space, punctuation and letters (Welsh and Irish names
# too: â ê î ô û ŵ ŷ); the hyphens, dashes, quotes, bullet and ellipsis of typeset text.
CHARACTERS = [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x174, 0x178),
              0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
              0x2026, 0x2032, 0x20AC]


def widths(path: Path) -> tuple[dict[int, int], int, str]:
    """Each of CHARACTERS's advance width in font units, units per em, and the version."""
    with TTFont(path) as font:
        metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
        found = {code: metrics[cmap[code]][0] for code in CHARACTERS if code in cmap}
        return found, int(font["head"].unitsPerEm), str(font["name"].getDebugName(5))


def module(faces: dict[str, tuple[dict[int, int], int, str]]) -> str:
    units = {u for _, u, _ in faces.values()}
    versions = sorted({v for _, _, v in faces.values()})
    assert len(units) == 1, units
    lines = ['"""DejaVu Sans\'s advance widths (font units) of the characters a table cell',
             "mostly holds: what LibreOffice draws the DOCX in where Noto Sans is not installed.",
             "",
             f"Written by scripts/dejavu_widths.py from DejaVu Sans {', '.join(versions)}",
             "(Debian's fonts-dejavu-core); do not edit by hand.",
             '"""', "", f"UNITS_PER_EM = {units.pop()}"]
    for name, (found, _, _) in faces.items():
        items = [f"0x{code:04X}: {width}," for code, width in sorted(found.items())]
        lines.append(f"{name}: dict[int, int] = {{")
        row = "   "
        for item in items:
            if len(row) + 1 + len(item) > 99:
                lines.append(row)
                row = "   "
            row += " " + item
        lines += [row, "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("/usr/share/fonts/truetype/dejavu")
    faces = {name: widths(folder / file) for name, file in FACES.items()}
    OUT.write_text(module(faces), "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
