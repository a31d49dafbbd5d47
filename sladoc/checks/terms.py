"""Vague-term lists (``sladoc/data/terms/<language>.yaml``) and their compiled matcher.

The files are read once per process. The terms of all languages, with a configuration's extra
and removed terms applied, become one regular expression: a single alternation factored into
a prefix tree, longer terms first, so "as soon as possible" wins over "soon" and one pass over
a text finds every term. (Agreements mix languages: an Indonesian contract may say "best
effort".)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources

from sladoc.agreement.loader import load_plain_yaml
from sladoc.language import LANGUAGES

GROUPS = ("time", "effort", "loophole", "quantity", "quality", "open-ended")


@dataclass(frozen=True)
class Term:
    text: str  # normalised: lower case, single spaces
    group: str
    suggestion: str
    language: str


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: Term


# Characters that change nothing a reader sees but would keep a word from matching:
# soft hyphen, zero-width space/joiners, word joiner, byte-order mark, combining grapheme
# joiner, Mongolian vowel separator, and the direction marks and bidi overrides.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
)
INVISIBLE = frozenset(chr(code) for code in _INVISIBLE)
"""The characters of :data:`_INVISIBLE`, for the rule that reports them (SLA107)."""

# Cyrillic and Greek letters drawn like Latin ones: "prоmptly" with a Cyrillic о.
_HOMOGLYPHS = str.maketrans(
    "асеорхуіјѕԁһԛԝАВСЕНІЈКМОРЅТХУοαιϳκνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aceopxyijsdhqwABCEHIJKMOPSTXYoaijkvptuxABEZHIKMNOPTYX",
)


def normalise(words: str) -> str:
    """Words as the term lists hold them: lower case, single spaces. Beyond ASCII, also
    what does not change how the words look: invisible characters and bidi controls are
    dropped, the text is composed (NFC), and in a word that mixes Latin letters with
    Cyrillic or Greek ones, the look-alikes read as Latin (a word written wholly in
    Cyrillic or Greek keeps its letters). Accents stay: "café" is not "cafe"."""
    if words.isascii():
        return " ".join(words.lower().split())
    text = unicodedata.normalize("NFC", words.translate(_INVISIBLE))
    text = " ".join(
        word.translate(_HOMOGLYPHS) if _mixes_latin(word) else word for word in text.split()
    )
    return text.lower()


def reveal(text: str) -> tuple[str, list[int]] | None:
    """``text`` as a reader sees it, for matching: invisible characters, bidi controls and
    combining marks left over a Latin letter dropped, and look-alike Cyrillic or Greek
    letters in a Latin word read as Latin; with, for each character of the result, its
    offset in ``text``. None when nothing in ``text`` is disguised (always for ASCII)."""
    if text.isascii():
        return None
    kept: list[str] = []
    origin: list[int] = []
    changed = False
    for chunk in re.finditer(r"\S+|\s+", text):
        word = chunk.group()
        latin = _mixes_latin(word.translate(_INVISIBLE))
        for offset, char in enumerate(word, start=chunk.start()):
            if ord(char) in _INVISIBLE or (
                unicodedata.category(char) == "Mn" and kept and kept[-1].isascii()
            ):
                changed = True
                continue
            shown = char.translate(_HOMOGLYPHS) if latin else char
            changed = changed or shown != char
            kept.append(shown)
            origin.append(offset)
    return ("".join(kept), origin) if changed else None


def _mixes_latin(word: str) -> bool:
    latin = other = False
    for char in word:
        if "a" <= char.lower() <= "z":
            latin = True
        elif char.translate(_HOMOGLYPHS) != char:
            other = True
    return latin and other


@cache
def builtin_terms(language: str) -> dict[str, Term]:
    """The shipped terms of ``language``, by normalised text. Read from disk once."""
    text = resources.files("sladoc.data").joinpath(f"terms/{language}.yaml").read_text("utf-8")
    terms: dict[str, Term] = {}
    for group, entry in load_plain_yaml(text).items():
        if group not in GROUPS:
            raise ValueError(f"terms/{language}.yaml: unknown group {group!r}")
        default = " ".join(entry["suggestion"].split())
        for item in entry["terms"]:
            if isinstance(item, dict):
                word, suggestion = item["term"], " ".join(item["suggestion"].split())
            else:
                word, suggestion = item, default
            terms[normalise(word)] = Term(normalise(word), group, suggestion, language)
    return terms


# Matching with IGNORECASE is what makes a pass over an agreement's prose slow: the regex
# engine folds the case of each character it compares, at every position. A pattern written
# in lower-case ASCII, matched without the flag against the text in lower case, finds the
# same words at the same offsets about four times faster, except where the text has a
# character whose lower case is longer than itself (U+0130 "İ") or one that IGNORECASE
# equates with an ASCII letter although its lower case is another letter: "ı" (U+0131) and
# "ſ" (U+017F) match "i" and "s" (re's documentation names these, and Kelvin's "K", whose
# lower case is "k" anyway). Such text keeps the IGNORECASE pattern.
_CASE_FOLDS_APART = re.compile("[\u0131\u017f]")


def lower_same_offsets(text: str) -> str | None:
    """``text`` in lower case, when a lower-case ASCII pattern finds in it exactly what the
    same pattern with IGNORECASE finds in ``text``, at the same offsets; else None."""
    lower = text.lower()
    if len(lower) != len(text) or _CASE_FOLDS_APART.search(text):
        return None
    return lower


class TermMatcher:
    """All the terms of one language, matched in one pass."""

    def __init__(self, terms: dict[str, Term]) -> None:
        self.terms = terms
        self.source: str | None = None
        if not terms:
            return
        # \w-lookarounds rather than \b: a term may start or end with punctuation ("etc.",
        # "and/or"), where \b would demand a letter on the other side.
        # Checking the first letter before the lookbehind lets most positions fail at once.
        first = "".join(sorted({re.escape(t[0]) for t in terms}))
        self.source = rf"(?=[{first}])(?<!\w){trie_pattern(terms)}(?!\w)"

    # Each pattern is compiled when first needed (compiling takes longer than a check of a
    # file): most text is matched with the lower-case one.

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return None if self.source is None else re.compile(self.source, re.IGNORECASE)

    @cached_property
    def lower_pattern(self) -> re.Pattern[str] | None:
        """For text lowered by ``lower_same_offsets``; None when the pattern is not ASCII
        (the terms are normalised to lower case, so it is written in lower case)."""
        if self.source is None or not self.source.isascii():
            return None
        return re.compile(self.source)

    def finditer(self, text: str, lower: str | None = None) -> Iterator[TermMatch]:
        """The terms in ``text``; ``lower``, when given, is ``lower_same_offsets(text)``."""
        if lower is not None and self.lower_pattern is not None:
            found = self.lower_pattern.finditer(lower)
        elif self.pattern is not None:
            found = self.pattern.finditer(text)
        else:
            return  # no terms at all
        for match in found:
            term = self.terms.get(normalise(match.group()))
            if term is not None:
                yield TermMatch(match.start(), match.end(), term)


_Trie = dict[str, "_Trie"]
"""A prefix tree: each character to the tree of what may follow it; "" ends a phrase."""


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regular expression for many phrases, factored by shared prefixes ("in a timely
    manner" and "in due course" share "in "): the engine then tries each character once
    instead of every phrase in turn. Longer phrases win where one is a prefix of another,
    and a space matches any run of whitespace."""
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a phrase

    def build(node: _Trie) -> str:
        # Most of a trie is runs of characters with one way on, where no phrase ends: each
        # run is taken in one loop and escaped at once, not a call per character (issue 21).
        run: list[str] = []
        while len(node) == 1:
            (char,) = node
            if not char:  # the end of a phrase, nothing after it
                return _literal("".join(run))
            run.append(char)
            node = node[char]
        branches = [
            _literal(char) + build(node[char])
            for char in sorted((c for c in node if c), key=lambda c: (c == " ", c))
        ]
        if not branches:  # no phrases at all
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # where a phrase may also end here, the longer continuation is tried first
        return _literal("".join(run)) + (f"(?:{body})?" if "" in node else body)

    return f"(?:{build(trie)})"


def _literal(text: str) -> str:
    """``text`` as a pattern: escaped, with each space matching any run of whitespace."""
    return r"\s+".join(map(re.escape, text.split(" ")))


@lru_cache(maxsize=64)
def matcher(
    extra: tuple[tuple[str, str, str], ...] = (),
    remove: tuple[tuple[str, str], ...] = (),
    prefer: str = "en",
) -> TermMatcher:
    """One matcher for the terms of every language: the shipped terms plus ``extra``
    (language, group, term), less ``remove`` (language, term). A term in two languages
    ("optimal") takes the suggestion of ``prefer``, the agreement's language. Cached, so a
    thousand agreements share one compile."""
    terms: dict[str, Term] = {}
    for language in sorted(LANGUAGES, key=lambda lang: lang == prefer):
        own = dict(builtin_terms(language))
        for lang, word in remove:
            if lang == language:
                own.pop(normalise(word), None)
        for lang, group, word in extra:
            if lang == language:
                default = next(
                    (t.suggestion for t in builtin_terms(language).values() if t.group == group), ""
                )
                own[normalise(word)] = Term(normalise(word), group, default, language)
        terms.update(own)
    return TermMatcher(terms)
