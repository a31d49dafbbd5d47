"""Read an agreement file: bytes -> plain data + a source map of where every value is.

PyYAML's own loaders are not used to build data: they silently keep the last of duplicate
keys, turn ``no`` into False and ``1:30`` into 90, expand alias bombs without limit, and
recurse once per nesting level. Instead the event stream (an iterative parser) is folded
into plain data here, which lets us:

* keep every scalar as the text the author wrote (``None`` for nulls). The model converts
  text to numbers, dates and booleans only where a field asks for one, so ``title: no``
  stays "no" and ``version: 1.10`` stays "1.10";
* report duplicate keys, unsupported tags, too-deep nesting and alias bombs at their
  position, cheaply and with bounded memory;
* record the span of every key and value for ``file:line:col`` messages.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sladoc.errors import LoadError, Position, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Agreements are a few kilobytes; anything this big is a mistake or an attack."""

MAX_DEPTH = 64
"""Deeper than any agreement needs; keeps every later recursive pass safe."""

MAX_NODES = 200_000
"""Nodes after alias expansion: stops "billion laughs" long before memory is at risk."""

MAX_EXPANDED_CHARS = 1_000_000
"""Characters of text after alias expansion (keys and values): about 400 pages. One long
value aliased many times passes the node limit, then every later pass (validation, the
checker's reading, layout) copies it again; and layout time grows with the text."""

MAX_VALUE_CHARS = 20_000
"""Characters in one value: about eight pages of prose, more than any clause needs; a
longer value would only make layout slow (a build must finish in bounded time)."""

# Explicit tags an author may write; anything else (``!!python/object/apply``, ``!!binary``,
# custom ``!tags``) is refused rather than given meaning.
_ALLOWED_TAGS = {
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"

Path_ = tuple[str | int, ...]
Span = tuple[int, int, int, int]  # 1-based start line, start col, end line, end col


def _span(start: yaml.Mark, end: yaml.Mark) -> Span:
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def format_path(path: Path_) -> str:
    """``("parties", 0, "email")`` -> ``parties[0].email``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class SourceMap:
    """Where each key and value of a loaded document came from."""

    file: str
    values: dict[Path_, Span] = field(default_factory=dict)
    keys: dict[Path_, Span] = field(default_factory=dict)
    # An alias at path P stands for the anchored node at path A; lookups under P go to A.
    aliases: dict[Path_, Path_] = field(default_factory=dict)

    def _resolve(self, path: Path_, table: dict[Path_, Span]) -> Span | None:
        seen = 0
        while True:
            if path in table:
                return table[path]
            for cut in range(len(path), 0, -1):
                target = self.aliases.get(path[:cut])
                if target is not None:
                    path = target + path[cut:]
                    break
            else:
                return None
            seen += 1
            if seen > MAX_DEPTH:
                return None

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The position of the value (or key) at ``path``, else of its nearest ancestor."""
        path = tuple(path)
        while True:
            span = self._resolve(path, self.keys if key else self.values)
            if span is None and key:
                span = self._resolve(path, self.values)
            if span is not None or not path:
                break
            path, key = path[:-1], False
        if span is None:
            return Position(self.file, 1, 1)
        return Position(self.file, *span)


@dataclass
class Loaded:
    """A loaded file: its data, where each piece came from, and its decoded text."""

    data: Any
    source: SourceMap
    text: str


def read_source(path: Path | str) -> tuple[str, str]:
    """Read a file as text, returning (display name, text). Raises LoadError."""
    name = str(path)
    try:
        # Opened without blocking, and refused unless a regular file: a named pipe would
        # wait for a writer for ever, a device would never end.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            mode = os.fstat(descriptor).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise _fail(name, "not a regular file (a named pipe or a device?)")
            raw = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise _fail(name, "is a folder, not an agreement file") from None
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except OSError as error:
        raise _fail(name, f"cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(
            name,
            f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; an agreement file is a "
            "few kilobytes, so this is not one",
        )
    return name, decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), or UTF-16/32 when a BOM says so."""
    utf8_bom = raw.startswith(codecs.BOM_UTF8)
    if utf8_bom:
        # Read as UTF-8 below, so a bad byte is reported at its place; editors do not count
        # the mark.
        raw = raw[len(codecs.BOM_UTF8) :]
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if not utf8_bom and raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as error:
                # Where the first undecodable bytes are, counted in the text before them.
                before = raw[: error.start].decode(codec, "replace")
                line = before.count("\n") + 1
                col = len(before.rsplit("\n", 1)[-1]) + 1
                raise LoadError(
                    [
                        Problem(
                            Position(name, line, col),
                            (
                                f"starts with a {codec.upper()} byte-order mark but is not valid "
                                f"{codec.upper()}; save it as UTF-8"
                            ),
                        )
                    ]
                ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        head = raw[: error.start]
        line = head.count(b"\n") + 1
        col = len(head.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        bad = raw[error.start : error.start + 1].hex()
        raise LoadError(
            [
                Problem(
                    Position(name, line, col), f"byte 0x{bad} is not UTF-8; save the file as UTF-8"
                )
            ]
        ) from None


def load_file(path: Path | str) -> Loaded:
    name, text = read_source(path)
    return load_text(text, name)


def load_text(text: str, name: str = "<string>") -> Loaded:
    """Parse YAML text into plain data and a source map. Raises LoadError."""
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise LoadError(
            [
                Problem(
                    Position(name, line, col),
                    "contains a NUL byte; this is a binary file, not YAML text",
                )
            ]
        )
    source = SourceMap(name)
    try:
        data = _Builder(source).build(_events(text))
    except LoadError:
        raise
    except yaml.MarkedYAMLError as error:
        raise LoadError([_yaml_problem(name, error, text)]) from None
    except yaml.YAMLError as error:  # ReaderError has no marks of its own
        position = Position(name, 1, 1)
        if isinstance(error, yaml.reader.ReaderError):
            index = error.position
            line = text.count("\n", 0, index) + 1
            position = Position(name, line, index - (text.rfind("\n", 0, index) + 1) + 1)
            message = (
                f"character U+{error.character:04X} is not allowed in YAML text"
                if isinstance(error.character, int)
                else str(error)
            )
        else:
            message = str(error)
        raise LoadError([Problem(position, message)]) from None
    return Loaded(data, source, text)


# libyaml's parser is 25 times faster than PyYAML's pure-Python one and gives the same
# events with the same marks (both count characters, as editors do); the pure-Python one is
# the fallback where PyYAML was built without libyaml.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()


def load_plain_yaml(text: str) -> Any:
    """sladoc's own data files and trusted settings (wording, stylesheets, term lists) as
    PyYAML's safe loader reads them, with libyaml where present. Agreements go through
    :func:`load_text`, which keeps positions and the author's text.

    Templates are input too (a templates folder of one's own): the same budgets as an
    agreement's apply (size, nodes and characters after alias expansion), checked before
    the data is built; a file over them is a ``yaml.YAMLError`` naming the line."""
    if len(text) > MAX_FILE_BYTES:
        raise yaml.YAMLError(
            f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; a template file is a few kilobytes"
        )
    if "*" in text:  # aliases: measure what they expand to before building anything
        _measure(text)
    return yaml.load(text, Loader=_Loader)


def _measure(text: str) -> None:
    """Walk the events of ``text`` counting nodes and characters as aliases expand them;
    raise yaml.YAMLError past :data:`MAX_NODES` or :data:`MAX_EXPANDED_CHARS`."""
    anchors: dict[str, tuple[int, int]] = {}
    open_: list[tuple[str | None, int, int]] = []  # anchor, nodes and chars at the start
    nodes = chars = 0
    event: Any
    for event in _events(text):
        kind = event.__class__
        if kind is _SCALAR:
            nodes += 1
            chars += len(event.value)
            if event.anchor is not None:
                anchors[event.anchor] = (1, len(event.value))
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            nodes += 1
            open_.append((event.anchor, nodes, chars))
        elif kind in _COLLECTION_END:
            anchor, at_nodes, at_chars = open_.pop()
            if anchor is not None:
                anchors[anchor] = (nodes - at_nodes + 1, chars - at_chars)
        elif kind is yaml.AliasEvent:
            more_nodes, more_chars = anchors.get(event.anchor, (1, 0))
            nodes += more_nodes
            chars += more_chars
        else:
            continue
        if nodes > MAX_NODES or chars > MAX_EXPANDED_CHARS:
            line = event.start_mark.line + 1
            raise yaml.YAMLError(
                f"line {line}: aliases expand this file to more than {MAX_NODES:,} values "
                f"or {MAX_EXPANDED_CHARS:,} characters (alias bomb?)"
            )


def _events(text: str) -> Iterator[yaml.Event]:
    """The parser's events, as ``yaml.parse`` gives them, a little faster: one call per
    event instead of two."""
    parser = _Loader(text)
    try:
        get_event = parser.get_event
        while True:
            event = get_event()
            yield event
            if event.__class__ is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()


def _first_characters(tag: str) -> frozenset[str | None]:
    """The first characters of the plain scalars PyYAML's resolver may read as ``tag``
    (None: a resolver for any first character)."""
    return frozenset(
        first
        for first, found in _resolver.yaml_implicit_resolvers.items()
        if any(resolved == tag for resolved, _ in found)
    )


_MAY_BE = {tag: _first_characters(tag) for tag in (_NULL_TAG, _MERGE_TAG)}


def _resolves_to(value: str, implicit: tuple[bool, bool], tag: str) -> bool:
    """Whether PyYAML's resolver reads the plain scalar ``value`` as ``tag``. The resolver
    keeps its patterns by the scalar's first character, and only a few characters lead to
    a null or a merge key, so the other scalars (most of a file) skip its regular
    expressions: the answer is the same, at a fraction of the cost."""
    firsts = _MAY_BE[tag]
    if value[:1] not in firsts and None not in firsts:
        return False
    resolved: str = _resolver.resolve(yaml.ScalarNode, value, implicit)
    return resolved == tag


# How the two parsers word a tab where YAML wants spaces.
_TAB_PROBLEMS = {
    "found character '\\t' that cannot start any token",
    "found a tab character where an indentation space is expected",
    "found a tab character that violates indentation",
}


_TAB = "a tab character here; YAML indents with spaces only"


def _yaml_problem(name: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid YAML"
    message = _TAB if problem in _TAB_PROBLEMS else None
    if mark is not None and message is None:
        lines = text.split("\n")
        line = lines[mark.line] if mark.line < len(lines) else ""
        if line[mark.column : mark.column + 1] == "\t":
            message = _TAB
        elif "maximum nesting depth" in problem:  # libyaml's own limit, above ours
            message = f"nested deeper than {MAX_DEPTH} levels"
    if message is None:
        message = f"invalid YAML: {error.context + ': ' if error.context else ''}{problem}"
    if mark is None:
        return Problem(Position(name), message)
    return Problem(Position(name, mark.line + 1, mark.column + 1), message)


def _fail(name: str, message: str) -> LoadError:
    return LoadError([Problem(Position(name), message)])


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = (
        "path",
        "value",
        "start",
        "anchor",
        "is_map",
        "weight",
        "chars",
        "pending_key",
        "merges",
        "expect_key",
    )

    def __init__(
        self, path: Path_, value: dict[str, Any] | list[Any], start: yaml.Mark, anchor: str | None
    ) -> None:
        self.path = path
        self.value: Any = value  # the dict or list; ``is_map`` says which
        self.start = start
        self.anchor = anchor
        self.is_map = isinstance(value, dict)
        self.weight = 1  # nodes inside, aliases counted as what they stand for
        self.chars = 0  # characters inside, the same way
        self.pending_key = ""  # a mapping's key whose value comes next
        self.merges: list[tuple[Any, yaml.Mark]] = []
        self.expect_key = self.is_map  # the next scalar of a mapping is a key


# Event classes compared by identity: a file is a few hundred events, and this loop is
# most of what loading costs after libyaml's own parsing.
_SCALAR = yaml.ScalarEvent
_MAPPING_START = yaml.MappingStartEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_SKIPPED = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)


class _Builder:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.name = source.file
        self.anchors: dict[str, tuple[Any, Path_, int, int]] = {}
        self.nodes = 0
        self.chars = 0

    def problem(self, mark: yaml.Mark, message: str) -> LoadError:
        return LoadError([Problem(Position(self.name, mark.line + 1, mark.column + 1), message)])

    def build(self, events: Iterable[Any]) -> Any:
        values = self.source.values
        stack: list[_Frame] = []
        parent: _Frame | None = None  # stack[-1]
        documents = 0
        root: Any = None
        path: Path_
        for event in events:
            kind = event.__class__
            if kind is _SCALAR:
                tag = event.tag
                if tag and tag not in _ALLOWED_TAGS:
                    raise self._tag_problem(event)
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    raise self._too_many(event.start_mark)
                value = event.value
                length = len(value)
                if length > MAX_VALUE_CHARS:
                    raise self.problem(
                        event.start_mark,
                        f"a value of {length:,} characters; the limit is "
                        f"{MAX_VALUE_CHARS:,} (about eight pages)",
                    )
                self.chars += length
                if self.chars > MAX_EXPANDED_CHARS:
                    raise self._too_long(event.start_mark)
                start, end = event.start_mark, event.end_mark
                span = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                if parent is not None and parent.expect_key:
                    self._take_key(parent, value, event.implicit, start, span)
                    continue
                if tag == _NULL_TAG or (
                    tag is None
                    and event.implicit[0]
                    and _resolves_to(value, event.implicit, _NULL_TAG)
                ):
                    value = None
                # _child_path and _attach, written out for the commonest event
                if parent is None:
                    path = ()
                    root = value
                elif parent.is_map and parent.pending_key != "<<":
                    path = parent.path + (parent.pending_key,)
                    parent.value[parent.pending_key] = value
                    parent.weight += 1
                    parent.chars += length
                    parent.pending_key = ""
                    parent.expect_key = True
                else:
                    path = self._child_path(parent)
                    self._attach(parent, value, 1, start)
                    parent.chars += length
                values[path] = span
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, path, 1, length)
            elif kind in _COLLECTION_END:
                frame = stack.pop()
                parent = stack[-1] if stack else None
                if frame.is_map:
                    self._apply_merges(frame)
                values[frame.path] = _span(frame.start, event.end_mark)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (
                        frame.value,
                        frame.path,
                        frame.weight,
                        frame.chars,
                    )
                if parent is None:
                    root = frame.value
                else:
                    self._attach(parent, frame.value, frame.weight, frame.start)
                    parent.chars += frame.chars
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if parent is not None and parent.expect_key:
                    raise self.problem(
                        event.start_mark, "a key must be a plain word, not a list or mapping"
                    )
                self._check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise self.problem(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
                self._count(1, event.start_mark)
                parent = _Frame(
                    self._child_path(parent),
                    {} if kind is _MAPPING_START else [],
                    event.start_mark,
                    event.anchor,
                )
                stack.append(parent)
            elif kind is yaml.AliasEvent:
                if parent is not None and parent.expect_key:
                    raise self.problem(event.start_mark, "an alias cannot be used as a key")
                if event.anchor not in self.anchors:
                    raise self.problem(event.start_mark, f"unknown alias *{event.anchor}")
                value, target, weight, chars = self.anchors[event.anchor]
                self._count(weight, event.start_mark)
                self.chars += chars
                if self.chars > MAX_EXPANDED_CHARS:
                    raise self._too_long(event.start_mark)
                path = self._child_path(parent)
                if isinstance(value, (dict, list)):
                    self.source.aliases[path] = target
                values.setdefault(path, values.get(target, _span(event.start_mark, event.end_mark)))
                if parent is None:
                    root = value
                else:
                    self._attach(parent, value, weight, event.start_mark)
                    parent.chars += chars
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.problem(
                        event.start_mark, "a second YAML document; put one agreement in each file"
                    )
            elif kind not in _SKIPPED:
                raise self.problem(event.start_mark, f"unexpected YAML event {kind.__name__}")
        return root

    def _count(self, weight: int, mark: yaml.Mark) -> None:
        self.nodes += weight
        if self.nodes > MAX_NODES:
            raise self._too_many(mark)

    def _too_long(self, mark: yaml.Mark) -> LoadError:
        return self.problem(
            mark,
            f"more than {MAX_EXPANDED_CHARS:,} characters of text (about 400 pages), "
            "aliases expanded; an agreement never needs that much (alias amplification?)",
        )

    def _too_many(self, mark: yaml.Mark) -> LoadError:
        return self.problem(
            mark,
            f"aliases expand this file to more than {MAX_NODES:,} "
            "values; an agreement never needs that many (alias bomb?)",
        )

    @staticmethod
    def _child_path(parent: _Frame | None) -> Path_:
        if parent is None:
            return ()
        if parent.is_map:
            return parent.path + (parent.pending_key,)
        return parent.path + (len(parent.value),)

    def _take_key(
        self, parent: _Frame, key: str, implicit: tuple[bool, bool], start: yaml.Mark, span: Span
    ) -> None:
        if implicit[0] and _resolves_to(key, implicit, _MERGE_TAG):
            key = "<<"
        elif key in parent.value:
            first = self.source.keys[parent.path + (key,)][0]
            raise self.problem(
                start,
                f"duplicate key `{key}` (first written on line {first}); "
                "YAML would silently keep only the last one",
            )
        else:
            self.source.keys[parent.path + (key,)] = span
        parent.pending_key = key
        parent.expect_key = False

    @staticmethod
    def _attach(parent: _Frame, value: Any, weight: int, start: yaml.Mark) -> None:
        parent.weight += weight
        if not parent.is_map:
            parent.value.append(value)
            return
        if parent.pending_key == "<<":
            parent.merges.append((value, start))
        else:
            parent.value[parent.pending_key] = value
        parent.pending_key = ""
        parent.expect_key = True

    def _apply_merges(self, frame: _Frame) -> None:
        """YAML merge keys: ``<<: *defaults`` adds the keys the mapping does not set."""
        assert isinstance(frame.value, dict)
        merge_path = frame.path + ("<<",)
        for value, mark in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for index, source in enumerate(sources):
                origin = self.source.aliases.get(
                    merge_path + (index,) if isinstance(value, list) else merge_path
                )
                if not isinstance(source, dict):
                    raise self.problem(
                        mark,
                        "`<<` (merge) needs a mapping or a list of "
                        "mappings, usually an alias like `<<: *defaults`",
                    )
                for key, item in source.items():
                    if key not in frame.value:
                        frame.value[key] = item
                        if origin is not None:  # point messages at the anchored original
                            self.source.aliases[frame.path + (key,)] = origin + (key,)

    def _check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in _ALLOWED_TAGS:
            raise self._tag_problem(event)

    def _tag_problem(self, event: Any) -> LoadError:
        shown = event.tag.replace("tag:yaml.org,2002:", "!!")
        return self.problem(
            event.start_mark, f"the tag {shown} is not allowed; sladoc reads plain YAML data only"
        )
