"""Regular expressions compiled when first used.

Python compiles a regular expression with code written in Python, and the checker's
module-level patterns took about 20 ms to compile at every start, most of them for prose a
given agreement does not have (credit tables, claims, funnels written out): on 35 agreements,
70 % of that time went to patterns the file never used (issue 21). A :class:`LazyPattern`
holds the source and compiles it on its first search; from then on its methods are the
compiled pattern's own, so a batch of files pays nothing more per use.

May import: nothing of sladoc.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")


class LazyPattern:
    """A ``re.Pattern[str]`` of ``source`` and ``flags``, compiled on first use. Offers the
    methods the checker uses; ``pattern`` is the source, as a compiled pattern's is."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self._flags = flags

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = re.compile(self.pattern, self._flags)
        # The compiled pattern's bound methods shadow this class's, so later calls go
        # straight to them.
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | None]:
        return self.compiled.split(string, maxsplit)
