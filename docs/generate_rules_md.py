"""Write docs/rules.md from the rule docstrings: ``python docs/generate_rules_md.py``.

``--check`` writes nothing and exits 1 when docs/rules.md is out of date (tests do the same).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from sladoc.checks.docs import rules_markdown  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"


def main(argv: list[str]) -> int:
    text = rules_markdown()
    current = TARGET.read_text("utf-8") if TARGET.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{TARGET} is out of date; run: python docs/generate_rules_md.py")
            return 1
        return 0
    if current != text:
        TARGET.write_text(text, "utf-8")
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
