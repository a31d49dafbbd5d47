"""What a rule is given: the agreement, its source, the configuration, and shared lookups
that several rules need (prose fields, vague-term matches), each computed once per file.

A context is generic in the kind of agreement it holds: the runner makes one
``Context[Agreement]`` per file, and a rule for customer agreements receives it as a
``Context[CustomerAgreement]`` (:meth:`sladoc.checks.rule.Rule.run` narrows it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, Protocol, TypeVar

from sladoc.agreement.loader import Loaded
from sladoc.agreement.model import Agreement, CustomerAgreement
from sladoc.checks.locate import ProseField, SourceText, Spot, iter_prose
from sladoc.checks.one_sided import KEY_WORDS, ONE_SIDED
from sladoc.checks.suppressions import Suppressed
from sladoc.checks.terms import (
    Term,
    TermMatch,
    lower_same_offsets,
    matcher,
    normalise,
    trie_pattern,
)

A = TypeVar("A", bound=Agreement)
"""The kind of agreement a context holds, or a rule checks."""


class Settings(Protocol):
    """What the shared lookups read from the configuration. :class:`~sladoc.checks.config.
    Config` is one, but sits above this module: it checks rule codes against the registry,
    whose rules are given contexts."""

    @property
    def extra_terms(self) -> tuple[tuple[str, str, str], ...]: ...

    @property
    def remove_terms(self) -> tuple[tuple[str, str], ...]: ...

    def enabled(self, code: str) -> bool: ...


@dataclass(frozen=True)
class VagueMatch:
    """A vague term found in a prose field (offsets within the field's text)."""

    prose: ProseField
    match: TermMatch


@dataclass(frozen=True)
class Context(Generic[A]):
    agreement: A
    loaded: Loaded
    config: Settings
    outcome: Suppressed | None = None
    """What the suppressions did; the runner sets it for the rules that run after them."""

    @cached_property
    def source(self) -> SourceText:
        return SourceText(self.loaded)

    @property
    def file(self) -> str:
        return self.loaded.source.file

    @property
    def suppressed(self) -> Suppressed:
        """What the suppressions did, for a rule of the after-suppressions phase."""
        if self.outcome is None:
            raise RuntimeError(
                "the suppressions are not applied yet: a rule that reads what they did "
                "needs phase=Phase.AFTER_SUPPRESSIONS"
            )
        return self.outcome

    @cached_property
    def prose(self) -> list[ProseField]:
        """Every string value that is contract wording (not ids, names, dates or codes)."""
        return iter_prose(self.loaded.data)

    @cached_property
    def joined_prose(self) -> tuple[str, list[int]]:
        """All prose joined by NULs (which no pattern here can match across), and where each
        field starts: one regex pass over it is far cheaper than one pass per field."""
        starts, offset = [], 0
        for prose in self.prose:
            starts.append(offset)
            offset += len(prose.text) + 1
        return "\0".join(p.text for p in self.prose), starts

    @cached_property
    def _prose_lower(self) -> list[str]:
        return [p.text.lower() for p in self.prose]

    @cached_property
    def _joined_lower(self) -> str:
        return "\0".join(self._prose_lower)

    def prose_with(self, words: tuple[str, ...]) -> list[ProseField]:
        """The prose fields that contain any of ``words`` (lower case): a cheap first look
        before a rule's costlier patterns, which most fields then never meet."""
        # Most of the words are in no field at all, and one look at all the prose at once
        # rules each of those out (a word holds no NUL, so cannot match across two fields).
        words = tuple(word for word in words if word in self._joined_lower)
        if not words:
            return []
        return [
            prose
            for prose, lower in zip(self.prose, self._prose_lower, strict=True)
            if any(word in lower for word in words)
        ]

    @cached_property
    def defined_terms(self) -> str | None:
        """The terms the agreement defines, as the source of one case-insensitive pattern,
        written in lower case (None when it defines none). Compiled by ``_finditer``, once,
        in the variant the text allows."""
        terms = {normalise(d.term) for d in self.agreement.definitions} - {""}
        if not terms:
            return None
        # as the vague terms' pattern: a trie, longest first, and the first letter checked
        # before anything else, so that most positions fail at once
        first = "".join(sorted({re.escape(t[0]) for t in terms}))
        return rf"(?=[{first}])(?<!\w){trie_pattern(terms)}(?!\w)"

    @cached_property
    def vague_matches(self) -> list[VagueMatch]:
        """Vague terms in every prose field, in all languages, except where the words are a
        term the agreement defines (a defined term is precise by definition) and, in a
        customer agreement, where they are one-sided wording, which SLA310 reports."""
        terms = matcher(self.config.extra_terms, self.config.remove_terms, self.agreement.language)
        joined, starts = self.joined_prose
        # One lower-cased copy for the three passes below: matched without IGNORECASE,
        # which is much faster and finds the same spans (see terms.lower_same_offsets).
        lower = lower_same_offsets(joined)
        one_sided = None
        if isinstance(self.agreement, CustomerAgreement) and self.config.enabled("SLA310"):
            lowered = joined.lower() if lower is None else lower
            if any(word in lowered for word in KEY_WORDS):
                one_sided = ONE_SIDED
        matches = list(terms.finditer(joined, lower))
        if not matches:
            return []
        covered: list[tuple[int, int]] = []
        if self.defined_terms is not None:
            covered += [m.span() for m in _finditer(self.defined_terms, joined, lower)]
        if one_sided is not None:
            covered += [m.span() for m in _finditer(one_sided.pattern, joined, lower)]
        found = []
        for match in matches:
            if any(start < match.end and match.start < end for start, end in covered):
                continue
            index = bisect.bisect_right(starts, match.start) - 1
            prose = self.prose[index]
            if prose.path[-1:] == ("term",):
                continue  # the name of a defined term, not a promise
            base = starts[index]
            found.append(
                VagueMatch(prose, TermMatch(match.start - base, match.end - base, match.term))
            )
        return found

    def vague_spots(self, group: str) -> list[tuple[Spot, Term]]:
        """Where the vague terms of ``group`` are, and each one's term (for its suggestion)."""
        result = []
        for found in self.vague_matches:
            if found.match.term.group != group:
                continue
            prose, match = found.prose, found.match
            spot = self.source.words_spot(prose.path, prose.text, match.start, match.end)
            result.append((spot, match.term))
        return result


def _finditer(source: str, text: str, lower: str | None) -> Iterator[re.Match[str]]:
    """The pattern ``source`` (written in lower case) over ``text``, ignoring case; over
    ``lower``, the lower-case copy from ``lower_same_offsets``, without IGNORECASE when the
    pattern is ASCII: the same spans, faster (see terms.lower_same_offsets)."""
    if lower is not None and source.isascii():
        return re.compile(source).finditer(lower)
    return re.compile(source, re.IGNORECASE).finditer(text)
