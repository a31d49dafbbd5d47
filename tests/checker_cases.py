"""Building agreements for checker tests: a snippet of top-level keys on a clean base.

The snippet comes first in the composed text, so a line:col inside the snippet is the same
line:col in the file the checker sees; the base follows, less the keys the snippet sets.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from sladoc.agreement.loader import load_text
from sladoc.agreement.validate import validate_versions
from sladoc.checks.config import Config
from sladoc.checks.finding import Finding
from sladoc.checks.versions import check_versions

BASES = Path(__file__).parent / "rules" / "bases"
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
_KIND = re.compile(r"^kind:\s*(\w+)", re.MULTILINE)


def compose(snippet: str, base: str | None = None, drop: list[str] | None = None) -> str:
    """The snippet's keys on the base of ``base`` (or of the snippet's ``kind``, else
    customer), less the base's keys in ``drop``; ``base="none"`` takes the snippet as the
    whole agreement."""
    snippet = textwrap.dedent(snippet)
    if base == "none":
        return snippet
    kind = _KIND.search(snippet)
    name = base or (kind.group(1) if kind else "customer")
    keys = set(_TOP_KEY.findall(snippet)) | set(drop or ())
    kept, skipping = [], False
    for line in (BASES / f"{name}.yaml").read_text("utf-8").splitlines(keepends=True):
        key = _TOP_KEY.match(line)
        if key:
            skipping = key.group(1) in keys
        if not skipping:
            kept.append(line)
    return snippet.rstrip("\n") + "\n" + "".join(kept)


def check_text(text: str, config: Config | None = None, name: str = "case.yaml") -> list[Finding]:
    loaded = load_text(text, name)
    return check_versions(validate_versions(loaded), config or Config())
