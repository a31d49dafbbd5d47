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
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from sladoc.agreement.loader import Loaded, Path_
from sladoc.agreement.model import Agreement, CustomerAgreement
from sladoc.checks.locate import ProseField, SourceText, Spot, iter_prose
from sladoc.checks.one_sided import KEY_WORDS, ONE_SIDED
from sladoc.checks.prose import definitions
from sladoc.checks.prose.common import force_majeure_spans, open_ended_spans, text_language
from sladoc.checks.suppressions import Suppressed
from sladoc.checks.terms import (
    Term,
    TermMatch,
    builtin_terms,
    lower_same_offsets,
    matcher,
    normalise,
    reveal,
    trie_pattern,
)

if TYPE_CHECKING:
    # Each of these prose readers is imported by the property below that reads with it:
    # their rules are each for one kind of agreement (the funnel for internal ones, the
    # others for customer agreements), and a file need not import the other kind's (issue
    # 21). ``import_prose_readers`` imports them all before a batch forks its workers.
    from sladoc.checks.prose import availability, claims, credits, funnel, support

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
        lower = self._joined_lower
        words = tuple(word for word in words if word in lower)
        if not words:
            return []
        # One search over all the prose, jumping to the next field at each hit: far fewer
        # steps than every word in every field.
        pattern, starts = _words_pattern(words), self._lower_starts
        found, position, end = [], 0, len(lower)
        while position < end:
            match = pattern.search(lower, position)
            if match is None:
                break
            index = bisect.bisect_right(starts, match.start()) - 1
            found.append(self.prose[index])
            position = starts[index + 1] if index + 1 < len(starts) else end
        return found

    @cached_property
    def _lower_starts(self) -> list[int]:
        starts, offset = [], 0
        for lower in self._prose_lower:
            starts.append(offset)
            offset += len(lower) + 1
        return starts

    def language_of(self, prose: ProseField) -> str:
        """The language ``prose`` is written in (the agreement's when its words do not say)."""
        known = self._languages.get(prose.path)
        if known is None:
            known = self._languages[prose.path] = text_language(prose.text, self.agreement.language)
        return known

    @cached_property
    def _languages(self) -> dict[Path_, str]:
        return {}

    def words(self, prose: ProseField, start: int, end: int) -> Spot:
        """The words ``prose.text[start:end]`` in the source."""
        return self.source.words_spot(prose.path, prose.text, start, end)

    @cached_property
    def prose_targets(self) -> list[tuple[ProseField, availability.Target]]:
        """Availability targets written in prose, with their windows."""
        from sladoc.checks.prose import availability

        return [
            (prose, target)
            for prose in self.prose_with(availability.MAY_HOLD)
            if prose.path[-1:] != ("downtime",)
            for target in availability.targets(prose.text, self.language_of(prose))
        ]

    @cached_property
    def prose_credit_tables(self) -> list[tuple[ProseField, credits.Table]]:
        """Service-credit tables written in prose."""
        from sladoc.checks.prose import credits

        found = []
        for prose in self.prose_with(credits.MAY_HOLD):
            table = credits.table(prose.text, self.language_of(prose))
            if table is not None:
                found.append((prose, table))
        return found

    @cached_property
    def prose_support(self) -> list[tuple[ProseField, support.Support]]:
        """Severity/response lists and support coverage written in prose."""
        from sladoc.checks.prose import support

        found = []
        for prose in self.prose_with(support.MAY_HOLD):
            read = support.read(prose.text, self.language_of(prose))
            if read is not None:
                found.append((prose, read))
        return found

    @cached_property
    def prose_funnels(self) -> list[tuple[ProseField, funnel.Funnel]]:
        """Funnel figures written in prose (quota, share, deal size, close rate, leads)."""
        from sladoc.checks.prose import funnel

        found = []
        for prose in self.prose_with(funnel.MAY_HOLD):
            read = funnel.read(prose.text, self.language_of(prose))
            if read is not None:
                found.append((prose, read))
        return found

    @cached_property
    def prose_claims(self) -> list[tuple[ProseField, claims.Claims]]:
        """Claim terms and unilateral terms written in prose."""
        from sladoc.checks.prose import claims

        found = []
        for prose in self.prose_with(claims.MAY_HOLD):
            read = claims.read(prose.text, self.language_of(prose))
            if read is not None:
                found.append((prose, read))
        return found

    @cached_property
    def inline_definitions(self) -> frozenset[str]:
        """Terms the prose defines where it uses them ("Business Hours" means ..., Keadaan
        Kahar, yaitu ...), in lower case."""
        terms: set[str] = set()
        for prose in self.prose_with(definitions.MAY_DEFINE):
            terms.update(definitions.inline(prose.text))
        return frozenset(terms)

    @cached_property
    def _open_ended_joined(self) -> list[tuple[int, int]]:
        return open_ended_spans(self.joined_prose[0])

    @cached_property
    def open_ended(self) -> list[tuple[ProseField, int, int]]:
        """Exclusions left open to one party's judgment ("any other circumstances Acme
        considers appropriate"), in every prose field (offsets within the field's text)."""
        starts = self.joined_prose[1]
        found = []
        for start, end in self._open_ended_joined:
            index = bisect.bisect_right(starts, start) - 1
            base = starts[index]
            found.append((self.prose[index], start - base, end - base))
        return found

    @cached_property
    def defined_terms(self) -> str | None:
        """The terms the agreement defines, as the source of one case-insensitive pattern,
        written in lower case (None when it defines none). Compiled by ``_finditer``, once,
        in the variant the text allows."""
        terms = {normalise(d.term) for d in self.agreement.definitions} - {""}
        terms |= {normalise(t) for t in self.inline_definitions} - {""}
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
        # a term disguised with invisible characters, combining marks or look-alike letters
        # is found in the text as a reader sees it, and reported at the disguised words
        revealed = reveal(joined)
        if revealed is not None:
            clean, origin = revealed
            for hidden in terms.finditer(clean, lower_same_offsets(clean)):
                start, end = origin[hidden.start], origin[hidden.end - 1] + 1
                if not any(m.start < end and start < m.end for m in matches):
                    matches.append(TermMatch(start, end, hidden.term))
            matches.sort(key=lambda m: m.start)
        if not matches:
            return []
        covered: list[tuple[int, int]] = []
        if self.defined_terms is not None:
            covered += [m.span() for m in _finditer(self.defined_terms, joined, lower)]
        if one_sided is not None:
            covered += [m.span() for m in _finditer(one_sided.pattern, joined, lower)]
        # force-majeure carve-outs are good drafting; open-ended exclusions are SLA106's
        covered += force_majeure_spans(joined)
        covered += self._open_ended_joined
        languages: dict[int, str] = {}
        found = []
        for match in matches:
            if any(start < match.end and match.start < end for start, end in covered):
                continue
            index = bisect.bisect_right(starts, match.start) - 1
            prose = self.prose[index]
            if prose.path[-1:] == ("term",):
                continue  # the name of a defined term, not a promise
            if index not in languages:
                languages[index] = self.language_of(prose)
            if not _in_language(match.term, languages[index]):
                continue  # a word vague in one language may be precise in the other
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


def import_prose_readers() -> None:
    """Import every prose reader that the properties above import on first use: a batch
    does so before it forks its workers, which then inherit them."""
    from sladoc.checks.prose import availability, claims, credits, funnel, support  # noqa: F401


def _finditer(source: str, text: str, lower: str | None) -> Iterator[re.Match[str]]:
    """The pattern ``source`` (written in lower case) over ``text``, ignoring case; over
    ``lower``, the lower-case copy from ``lower_same_offsets``, without IGNORECASE when the
    pattern is ASCII: the same spans, faster (see terms.lower_same_offsets)."""
    if lower is not None and source.isascii():
        return re.compile(source).finditer(lower)
    return re.compile(source, re.IGNORECASE).finditer(text)


@lru_cache(maxsize=512)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def _in_language(term: Term, language: str) -> bool:
    """Whether ``term`` is to be matched in text written in ``language``: a term of that
    language (a term may be in both lists), or a phrase of another ("best efforts" in an
    Indonesian sentence is still an effort). A single word of another language may be a
    precise word of this one (Indonesian "minimal 20 unit" is "at least 20 units")."""
    return term.language == language or term.text in builtin_terms(language) or " " in term.text
