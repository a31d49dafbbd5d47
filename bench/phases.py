"""The steps of a one-file ``sladoc validate`` or ``sladoc check``, run in order up to step N,
for a phase profile by instructions (issue 21): run it under callgrind for each N and take
the differences, as ``docs/performance.md`` does.

    for n in 0 1 2 3 4 5 6 7 8; do
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
            python bench/phases.py check $n agreements/acme-cloud-hosting.yaml 2>&1 |
            grep -o 'Collected : [0-9]*'
    done

Steps: 1 the libraries (typer, PyYAML, pydantic's BaseModel and TypeAdapter); 2 the CLI;
3 the model; 4 the checker's modules (``check`` only); 5 the YAML read; 6 validating;
7 the rules (``check`` only); 8 the text report (``check`` only). Step 0 is the interpreter
and this script alone. Run it with the package compiled (``python -m compileall sladoc``)
and ``PYTHONDONTWRITEBYTECODE`` unset, as an installed sladoc runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

COMMANDS = ("validate", "check")


def steps(command: str, path: str) -> list[Callable[[], None]]:
    found: dict[str, Any] = {}

    def libraries() -> None:
        import typer  # noqa: F401
        import yaml  # noqa: F401
        from pydantic import BaseModel, TypeAdapter  # noqa: F401

    def cli() -> None:
        import sladoc.cli  # noqa: F401

    def model() -> None:
        import sladoc.agreement.validate  # noqa: F401

    def checker() -> None:
        if command == "check":
            import sladoc.checks.config  # noqa: F401
            import sladoc.checks.formats  # noqa: F401
            import sladoc.checks.versions  # noqa: F401

    def read() -> None:
        from sladoc.agreement.loader import load_file

        found["loaded"] = load_file(path)

    def validate() -> None:
        from sladoc.agreement.validate import validate_versions

        found["versions"] = validate_versions(found["loaded"])

    def rules() -> None:
        if command == "check":
            from sladoc.checks.config import ConfigFinder
            from sladoc.checks.versions import check_versions

            config = ConfigFinder().for_file(Path(path))
            found["findings"] = check_versions(found["versions"], config, [])

    def report() -> None:
        if command == "check":
            from sladoc import api

            api.format_findings(found["findings"], "text", invalid={}, files=[path])

    return [libraries, cli, model, checker, read, validate, rules, report]


def main() -> None:
    command, upto, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if command not in COMMANDS:
        sys.exit(f"usage: python bench/phases.py {{{','.join(COMMANDS)}}} N FILE")
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as the command does
    for step in steps(command, path)[:upto]:
        step()


if __name__ == "__main__":
    main()
