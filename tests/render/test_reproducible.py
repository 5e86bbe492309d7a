"""Two builds of the same inputs give byte-identical files (design.md, Outputs)."""

from __future__ import annotations

from tests.conftest import SAMPLES, Pack


def test_two_builds_are_byte_identical(packs: dict[str, Pack],
                                       second_packs: dict[str, Pack]) -> None:
    for name in SAMPLES:
        first, second = packs[name], second_packs[name]
        for kind in ("pdf", "docx", "html", "manifest"):
            a, b = getattr(first, kind), getattr(second, kind)
            assert a.read_bytes() == b.read_bytes(), f"{name}: {a.name} differs"
