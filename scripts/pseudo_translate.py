"""Pseudo-translate an XLIFF file: `python scripts/pseudo_translate.py IN.xlf [OUT.xlf]`.

Every unit's target becomes its English, marked ⟦ … ⟧, a third longer, with the Welsh
letters ŵ and ŷ (generator/language/pseudo.py), so a Welsh pack can be built and looked at
before a translator has translated anything. Without OUT, it writes IN-pseudo.xlf beside IN;
it never overwrites IN unless OUT names it. Exit status: 0 written, 2 a file could not be
read or written or is not an XLIFF file policy-pack reads (said in plain words).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import PolicyPackError  # noqa: E402
from generator.language.pseudo import pseudo_translate  # noqa: E402

USAGE = "usage: python scripts/pseudo_translate.py IN.xlf [OUT.xlf]"


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    source = Path(argv[0])
    target = Path(argv[1]) if len(argv) == 2 else source.with_name(f"{source.stem}-pseudo.xlf")
    try:
        data = source.read_bytes()
    except OSError as exc:
        print(f"{source}: cannot read the file ({exc.strerror or exc})", file=sys.stderr)
        return 2
    try:
        pseudo = pseudo_translate(data, str(source))
    except PolicyPackError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        _write(target, pseudo)
    except OSError as exc:
        print(f"{target}: cannot write the file ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(f"wrote {target}: every unit pseudo-translated (not a translation).")
    return 0


def _write(target: Path, data: bytes) -> None:
    """Written beside the target and renamed into place: never half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        umask = os.umask(0)  # mkstemp makes the file private: give it a new file's mode
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
