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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import LoadError, Position, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Agreements are a few kilobytes; anything this big is a mistake or an attack."""

MAX_DEPTH = 64
"""Deeper than any agreement needs; keeps every later recursive pass safe."""

MAX_NODES = 200_000
"""Nodes after alias expansion: stops "billion laughs" long before memory is at risk."""

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
        with open(path, "rb") as handle:
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
        raw = raw[len(codecs.BOM_UTF8):]
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
                raise LoadError([Problem(Position(name, line, col), (
                    f"starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()}; save it as UTF-8"))]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        bad = raw[error.start : error.start + 1].hex()
        raise LoadError([Problem(Position(name, line, col),
                                 f"byte 0x{bad} is not UTF-8; save the file as UTF-8")]) from None


def load_file(path: Path | str) -> Loaded:
    name, text = read_source(path)
    return load_text(text, name)


def load_text(text: str, name: str = "<string>") -> Loaded:
    """Parse YAML text into plain data and a source map. Raises LoadError."""
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise LoadError([Problem(Position(name, line, col),
                                 "contains a NUL byte; this is a binary file, not YAML text")])
    source = SourceMap(name)
    try:
        data = _Builder(source).build(yaml.parse(text, Loader=_Loader))
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
            message = (f"character U+{error.character:04X} is not allowed in YAML text"
                       if isinstance(error.character, int) else str(error))
        else:
            message = str(error)
        raise LoadError([Problem(position, message)]) from None
    return Loaded(data, source, text)


# libyaml's parser is 25 times faster than PyYAML's pure-Python one and gives the same
# events with the same marks (both count characters, as editors do); the pure-Python one is
# the fallback where PyYAML was built without libyaml.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()


def _first_characters(tag: str) -> frozenset[str | None]:
    """The first characters of the plain scalars PyYAML's resolver may read as ``tag``
    (None: a resolver for any first character)."""
    return frozenset(first for first, found in _resolver.yaml_implicit_resolvers.items()
                     if any(resolved == tag for resolved, _ in found))


_MAY_BE = {tag: _first_characters(tag) for tag in (_NULL_TAG, _MERGE_TAG)}


def _resolves_to(value: str, implicit: tuple[bool, bool], tag: str) -> bool:
    """Whether PyYAML's resolver reads the plain scalar ``value`` as ``tag``. The resolver
    keeps its patterns by the scalar's first character, and only a few characters lead to
    a null or a merge key, so the other scalars (most of a file) skip its regular
    expressions: the answer is the same, at a fraction of the cost."""
    firsts = _MAY_BE[tag]
    if value[:1] not in firsts and None not in firsts:
        return False
    return _resolver.resolve(yaml.ScalarNode, value, implicit) == tag

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


@dataclass
class _Frame:
    """A mapping or sequence being built."""

    path: Path_
    value: dict | list
    start: yaml.Mark
    anchor: str | None
    weight: int = 1
    pending_key: tuple[str, yaml.Mark, yaml.Mark] | None = None
    merges: list[tuple[Any, yaml.Mark]] = field(default_factory=list)
    expect_key: bool = True


class _Builder:
    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.name = source.file
        self.anchors: dict[str, tuple[Any, Path_, int]] = {}
        self.nodes = 0

    def problem(self, mark: yaml.Mark, message: str) -> LoadError:
        return LoadError([Problem(Position(self.name, mark.line + 1, mark.column + 1), message)])

    def build(self, events) -> Any:
        stack: list[_Frame] = []
        documents = 0
        root: Any = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.problem(event.start_mark,
                                       "a second YAML document; put one agreement in each file")
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                                  yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if isinstance(frame.value, dict):
                    self._apply_merges(frame)
                self.source.values[frame.path] = _span(frame.start, event.end_mark)
                value, weight = frame.value, frame.weight
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, frame.path, weight)
                root = self._attach(stack, value, weight, frame.start, event.end_mark)
                continue

            parent = stack[-1] if stack else None
            # A scalar in key position of a mapping is a key, not a value.
            if parent is not None and isinstance(parent.value, dict) and parent.expect_key:
                self._take_key(parent, event)
                continue
            path = self._child_path(parent)
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise self.problem(event.start_mark, f"unknown alias *{event.anchor}")
                value, target, weight = self.anchors[event.anchor]
                self._count(weight, event.start_mark)
                if isinstance(value, (dict, list)):
                    self.source.aliases[path] = target
                self.source.values.setdefault(path, self.source.values.get(target, _span(
                    event.start_mark, event.end_mark)))
                root = self._attach(stack, value, weight, event.start_mark, event.end_mark)
                continue
            self._check_tag(event)
            if isinstance(event, yaml.ScalarEvent):
                self._count(1, event.start_mark)
                value = self._scalar(event)
                self.source.values[path] = _span(event.start_mark, event.end_mark)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, path, 1)
                root = self._attach(stack, value, 1, event.start_mark, event.end_mark)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise self.problem(event.start_mark,
                                       f"nested deeper than {MAX_DEPTH} levels")
                self._count(1, event.start_mark)
                container: dict | list = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append(_Frame(path, container, event.start_mark, event.anchor))
        return root

    def _count(self, weight: int, mark: yaml.Mark) -> None:
        self.nodes += weight
        if self.nodes > MAX_NODES:
            raise self.problem(mark, f"aliases expand this file to more than {MAX_NODES:,} "
                               "values; an agreement never needs that many (alias bomb?)")

    @staticmethod
    def _child_path(parent: _Frame | None) -> Path_:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return parent.path + (len(parent.value),)
        assert parent.pending_key is not None
        return parent.path + (parent.pending_key[0],)

    def _take_key(self, parent: _Frame, event) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            if isinstance(event, yaml.AliasEvent):
                raise self.problem(event.start_mark, "an alias cannot be used as a key")
            raise self.problem(event.start_mark, "a key must be a plain word, not a list or "
                               "mapping")
        self._check_tag(event)
        self._count(1, event.start_mark)
        key = event.value
        assert isinstance(parent.value, dict)
        if event.implicit[0] and _resolves_to(key, event.implicit, _MERGE_TAG):
            key = "<<"
        elif key in parent.value:
            first = self.source.keys[parent.path + (key,)][0]
            raise self.problem(event.start_mark,
                               f"duplicate key `{key}` (first written on line {first}); "
                               "YAML would silently keep only the last one")
        parent.pending_key = (key, event.start_mark, event.end_mark)
        if key != "<<":
            self.source.keys[parent.path + (key,)] = _span(event.start_mark, event.end_mark)
        parent.expect_key = False

    def _attach(self, stack: list[_Frame], value: Any, weight: int,
                start: yaml.Mark, end: yaml.Mark) -> Any:
        if not stack:
            return value
        parent = stack[-1]
        parent.weight += weight
        if isinstance(parent.value, list):
            parent.value.append(value)
            return None
        assert parent.pending_key is not None
        key, key_start, _ = parent.pending_key
        if key == "<<":
            parent.merges.append((value, start))
        else:
            parent.value[key] = value
        parent.pending_key = None
        parent.expect_key = True
        return None

    def _apply_merges(self, frame: _Frame) -> None:
        """YAML merge keys: ``<<: *defaults`` adds the keys the mapping does not set."""
        assert isinstance(frame.value, dict)
        merge_path = frame.path + ("<<",)
        for value, mark in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for index, source in enumerate(sources):
                origin = self.source.aliases.get(
                    merge_path + (index,) if isinstance(value, list) else merge_path)
                if not isinstance(source, dict):
                    raise self.problem(mark, "`<<` (merge) needs a mapping or a list of "
                                       "mappings, usually an alias like `<<: *defaults`")
                for key, item in source.items():
                    if key not in frame.value:
                        frame.value[key] = item
                        if origin is not None:  # point messages at the anchored original
                            self.source.aliases[frame.path + (key,)] = origin + (key,)

    def _check_tag(self, event) -> None:
        tag = getattr(event, "tag", None)
        if tag and tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.problem(event.start_mark, f"the tag {shown} is not allowed; sladoc "
                               "reads plain YAML data only")

    @staticmethod
    def _scalar(event: yaml.ScalarEvent) -> str | None:
        if event.tag == _NULL_TAG:
            return None
        if event.tag is None and event.implicit[0]:
            if _resolves_to(event.value, event.implicit, _NULL_TAG):
                return None
        return event.value
