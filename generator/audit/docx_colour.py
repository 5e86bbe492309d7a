"""Colours in WordprocessingML, resolved as Word resolves them, and their WCAG contrast.

A run's text colour is the last one set along Word's style hierarchy (ECMA-376 Part 1,
17.7.2): document defaults, then the paragraph style and the styles it is based on, then the
character style and its bases, then the run's own properties. A colour may name a theme slot
(w:themeColor) instead of, or as well as, a literal: the theme wins, and w:themeShade and
w:themeTint change its HSL lightness (that is how Word turns accent1 #4F81BD with shade BF
into #365F91). WCAG 2.2 SC 1.4.3 asks 4.5:1 against the background.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WHITE = "FFFFFF"
MINIMUM_CONTRAST = 4.5  # WCAG 2.2 SC 1.4.3, for text of any size

# w:themeColor names -> the theme's a:clrScheme slots (ECMA-376 17.18.97).
THEME_SLOTS = {"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2",
               "text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2",
               "hyperlink": "hlink", "followedHyperlink": "folHlink",
               **{f"accent{n}": f"accent{n}" for n in range(1, 7)}}
# The theme Word's own templates carry (Office 2007-2010), for a DOCX without a theme part.
OFFICE_THEME = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "1F497D", "lt2": "EEECE1",
                "accent1": "4F81BD", "accent2": "C0504D", "accent3": "9BBB59",
                "accent4": "8064A2", "accent5": "4BACC6", "accent6": "F79646",
                "hlink": "0000FF", "folHlink": "800080"}


def theme_colours(theme: etree._Element | None) -> dict[str, str]:
    """Slot name -> RGB hex from word/theme/theme1.xml (system colours by their last value)."""
    colours = dict(OFFICE_THEME)
    scheme = theme.find(f".//{A}clrScheme") if theme is not None else None
    for slot in scheme if scheme is not None else ():
        if not isinstance(slot.tag, str):
            continue
        value = slot.find(f"{A}srgbClr")
        system = slot.find(f"{A}sysClr")
        rgb = value.get("val") if value is not None else (
            system.get("lastClr") if system is not None else None)
        if rgb and _is_hex(rgb):
            colours[etree.QName(slot).localname] = rgb.upper()
    return colours


@dataclass(frozen=True)
class Colour:
    """A resolved text colour, and where it came from (for the finding's message)."""

    rgb: str | None  # None: "auto", which Word draws black or white to contrast
    source: str  # e.g. "theme accent1", "#4F81BD"


def resolve(element: etree._Element, theme: dict[str, str]) -> Colour | None:
    """The colour a w:color, w:background or w:shd (its fill) gives, or None if it gives none."""
    fill = element.tag == f"{W}shd"
    prefix = "themeFill" if fill else "theme"
    name = element.get(f"{W}{prefix}" if fill else f"{W}themeColor")
    slot = THEME_SLOTS.get(name or "")
    if slot is not None and slot in theme:
        rgb = _shade_tint(theme[slot], element.get(f"{W}{prefix}Shade"),
                          element.get(f"{W}{prefix}Tint"))
        return Colour(rgb, f"theme colour {name} (#{rgb})")
    value = element.get(f"{W}fill" if fill else (
        f"{W}color" if element.tag == f"{W}background" else f"{W}val"))
    if value is None:
        return None
    if value.lower() == "auto":
        return Colour(None, "automatic")
    return Colour(value.upper(), f"#{value.upper()}") if _is_hex(value) else None


def _shade_tint(rgb: str, shade: str | None, tint: str | None) -> str:
    """Word's themeShade/themeTint: scale the HSL lightness down, or toward white."""
    hue, light, saturation = colorsys.rgb_to_hls(*(c / 255 for c in _channels(rgb)))
    if shade and _is_byte(shade):
        light *= int(shade, 16) / 255
    if tint and _is_byte(tint):
        fraction = int(tint, 16) / 255
        light = light * fraction + (1 - fraction)
    red, green, blue = colorsys.hls_to_rgb(hue, light, saturation)
    return "".join(f"{round(c * 255):02X}" for c in (red, green, blue))


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.2's contrast ratio of two sRGB colours, 1 to 21."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(rgb: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in _channels(rgb))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _channels(rgb: str) -> tuple[int, int, int]:
    return int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)


def _is_hex(value: str) -> bool:
    return len(value) == 6 and all(c in "0123456789abcdefABCDEF" for c in value)


def _is_byte(value: str) -> bool:
    return len(value) == 2 and all(c in "0123456789abcdefABCDEF" for c in value)


class StyleSheet:
    """word/styles.xml, indexed: each style's colour and name through its w:basedOn chain."""

    def __init__(self, styles: etree._Element, theme: dict[str, str]) -> None:
        self.theme = theme
        self.styles = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}color")
        self.default = resolve(defaults, theme) if defaults is not None else None
        self.default_paragraph = next(
            (i for i, s in self.styles.items()
             if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")),
            None)
        self._colours: dict[str | None, tuple[Colour, str] | None] = {}

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and those it is based on, most derived first (a loop is cut short)."""
        found: list[etree._Element] = []
        while style_id in self.styles and len(found) < 32:
            style = self.styles[style_id]
            if any(s is style for s in found):
                break
            found.append(style)
            based_on = style.find(f"{W}basedOn")
            style_id = based_on.get(f"{W}val") if based_on is not None else None
        return found

    def colour(self, style_id: str | None) -> tuple[Colour, str] | None:
        """The colour a style gives its text, with the name of the style that sets it.

        Found once for each style: every run of a paragraph asks for the same ones."""
        if style_id not in self._colours:
            self._colours[style_id] = self._colour(style_id)
        return self._colours[style_id]

    def _colour(self, style_id: str | None) -> tuple[Colour, str] | None:
        for style in self.chain(style_id):
            element = style.find(f"{W}rPr/{W}color")
            colour = resolve(element, self.theme) if element is not None else None
            if colour is not None:
                return colour, self.name(style)
        return None

    def name(self, style: etree._Element) -> str:
        name = style.find(f"{W}name")
        return (name.get(f"{W}val") if name is not None else None) or str(
            style.get(f"{W}styleId"))

    def has_ancestor_named(self, style_id: str | None, wanted: str) -> bool:
        return any(self.name(s).lower() == wanted for s in self.chain(style_id))


def text_colour(run: etree._Element, paragraph: etree._Element,
                sheet: StyleSheet) -> tuple[Colour, str] | None:
    """A run's text colour and where it is set: direct formatting beats the character style,
    which beats the paragraph style, which beats the document defaults (ECMA-376 17.7.2)."""
    direct = run.find(f"{W}rPr/{W}color")
    colour = resolve(direct, sheet.theme) if direct is not None else None
    if colour is not None:
        return colour, "direct formatting"
    character = run.find(f"{W}rPr/{W}rStyle")
    found = sheet.colour(character.get(f"{W}val") if character is not None else None)
    if found is None:
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        found = sheet.colour(style.get(f"{W}val") if style is not None
                             else sheet.default_paragraph)
    if found is not None:
        return found[0], f"style {found[1]!r}"
    return (sheet.default, "the document defaults") if sheet.default is not None else None


def background(run: etree._Element, page: str, theme: dict[str, str]) -> str:
    """The fill behind a run: its own shading, its paragraph's, its cell's, else the page."""
    paths = (f"{W}rPr/{W}shd", f"{W}pPr/{W}shd", f"{W}tcPr/{W}shd")
    for element in (run, *run.iterancestors(f"{W}p", f"{W}tc")):
        for path in paths:
            shading = element.find(path)
            fill = resolve(shading, theme) if shading is not None else None
            if fill is not None and fill.rgb is not None:
                return fill.rgb
    return page


def page_colour(document: etree._Element, theme: dict[str, str]) -> str:
    """w:background's colour (Word shows it only if asked to, but it is the author's intent)."""
    element = document.find(f"{W}background")
    colour = resolve(element, theme) if element is not None else None
    return colour.rgb if colour is not None and colour.rgb is not None else WHITE


def low_contrast(colour: Colour, fill: str) -> float | None:
    """The ratio if it is below WCAG's 4.5:1; None if it passes (or is automatic)."""
    if colour.rgb is None:
        return None
    ratio = contrast(colour.rgb, fill)
    return ratio if ratio < MINIMUM_CONTRAST else None
