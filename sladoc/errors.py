"""Every error sladoc raises, under one base class.

Errors that come from input carry a :class:`Position` (1-based line and column), so the
CLI can print ``file:line:col`` and editors can jump to the spot. The one "did you mean"
(:func:`closest`) lives here too, beside the errors that offer it.

May import: nothing of sladoc.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; ``line`` and ``col`` are 1-based, as editors count."""

    file: str
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    position: Position
    message: str
    path: str = ""  # key path inside the document, e.g. ``parties[0].contacts[0].email``

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.position}: {self.message}{where}"


class SladocError(Exception):
    """Base class of every error sladoc raises on purpose."""


@dataclass
class InputError(SladocError):
    """An input file could not be used; holds every problem found in it, in file order."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems.sort(key=lambda p: (p.position.line, p.position.col))
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class LoadError(InputError):
    """The file is not readable YAML (encoding, syntax, size, unsafe tags, alias bombs)."""


class SchemaError(InputError):
    """The YAML is well formed but does not describe a valid agreement."""


class TemplateError(SladocError):
    """A template is broken or tries something the sandbox forbids."""


class RenderError(SladocError):
    """A document could not be produced from a valid agreement (e.g. a glyph no font has)."""


class OutputError(SladocError):
    """An output could not be written (unwritable folder, full disk)."""


class UsageError(SladocError):
    """The command was called wrongly, or a configuration file is invalid."""


def closest(
    word: str, choices: Iterable[str], *, cutoff: float = 0.6, ignore_case: bool = False
) -> str | None:
    """The choice nearest ``word``, for a "did you mean", or None when none is near."""
    import difflib  # only on an error: not worth its import on every run

    options = list(choices)
    if not ignore_case:
        found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
        return found[0] if found else None
    folded = difflib.get_close_matches(
        word.lower(), [option.lower() for option in options], n=1, cutoff=cutoff
    )
    return next(option for option in options if option.lower() == folded[0]) if folded else None
