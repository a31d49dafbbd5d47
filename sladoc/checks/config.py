"""Checker configuration: ``[tool.sladoc]`` in ``pyproject.toml`` or a ``.sladoc.toml``.

Found from each checked file's folder upwards, as ruff does, so a repository's settings
apply from wherever the command is run (a ``.sladoc.toml`` wins over a ``pyproject.toml`` in
the same folder; a ``pyproject.toml`` without ``[tool.sladoc]`` is passed over). Every option
and every rule code is checked: a typo is an error with a "did you mean", never a setting
that silently does nothing. Options::

    select = ["SLA"]                      # codes, prefixes ("SLA2") or names
    ignore = ["SLA106"]
    fail-on = "error"                     # error | warning | info
    [tool.sladoc.per-file-ignores]
    "agreements/legacy/*.yaml" = ["SLA1"]
    [tool.sladoc.severity]
    SLA104 = "info"
    [tool.sladoc.extra-terms.en]
    time = ["forthwith and without fail"] # group name or rule code -> terms
    [tool.sladoc.remove-terms]
    en = ["reasonable"]
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sladoc.checks.finding import SEVERITIES
from sladoc.checks.registry import RULES
from sladoc.checks.terms import GROUPS, builtin_terms, normalise
from sladoc.errors import UsageError, closest
from sladoc.language import LANGUAGES

OPTIONS = (
    "select",
    "ignore",
    "per-file-ignores",
    "severity",
    "extra-terms",
    "remove-terms",
    "fail-on",
)
CONFIG_FILES = (".sladoc.toml", "pyproject.toml")


@dataclass(frozen=True)
class Config:
    """What to check and how to report it. The default checks every rule."""

    select: tuple[str, ...] = ("SLA",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    extra_terms: tuple[tuple[str, str, str], ...] = ()  # (language, group, term)
    remove_terms: tuple[tuple[str, str], ...] = ()  # (language, term)
    fail_on: str = "error"
    root: Path = Path(".")  # per-file-ignores globs are relative to this folder
    source: str = ""  # the file this came from, for messages; "" for the defaults

    def enabled(self, code: str) -> bool:
        """Selected and not ignored; the more specific of the two wins, as in ruff, so
        ``select = ["SLA101"]`` with ``ignore = ["SLA1"]`` keeps SLA101."""
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        dropped = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return chosen > dropped

    def ignored_in(self, file: str, code: str) -> bool:
        if not self.per_file_ignores:
            return False
        names = _path_names(file, self.root)
        return any(
            code.startswith(prefix)
            for pattern, prefixes in self.per_file_ignores
            if any(fnmatch.fnmatchcase(name, pattern) for name in names)
            for prefix in prefixes
        )

    def severity_for(self, code: str, default: str) -> str:
        best = max(
            ((len(p), level) for p, level in self.severity if code.startswith(p)), default=None
        )
        return best[1] if best else default

    def overridden(
        self,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        fail_on: str | None = None,
    ) -> Config:
        """This configuration with command-line options on top (checked like the file)."""
        changes: dict[str, Any] = {}
        if select:
            changes["select"] = tuple(_codes(select, "--select"))
        if ignore:
            changes["ignore"] = self.ignore + tuple(_codes(ignore, "--ignore"))
        if fail_on is not None:
            changes["fail_on"] = _severity(fail_on, "--fail-on")
        return replace(self, **changes)


def _path_names(file: str, root: Path) -> list[str]:
    """The forms a glob may be written against: relative to the config's folder, as given,
    and the bare file name."""
    path = Path(file)
    names = [path.as_posix(), path.name]
    try:
        names.insert(0, path.resolve().relative_to(root.resolve()).as_posix())
    except (ValueError, OSError):
        pass
    return names


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` upwards, or None."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        dotfile = candidate / ".sladoc.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    try:
        data = pyproject.read_bytes()
    except OSError:
        return False
    # Most pyproject.toml files are another tool's: one without the word "sladoc", or an
    # escape (\u, \U) that could spell it in a quoted key, has no [tool.sladoc] and is not
    # parsed (TOML is read by code written in Python: half a millisecond a kilobyte).
    if b"sladoc" not in data and b"\\u" not in data and b"\\U" not in data:
        return False
    try:
        return "sladoc" in _parse_toml(data, pyproject).get("tool", {})
    except UsageError:
        return False


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The configuration in ``path``, else the nearest one from ``start`` (default: the
    current folder), else the defaults. Raises UsageError for anything invalid."""
    if path is None:
        path = find_config(start or Path.cwd())
        if path is None:
            return Config()
    elif not path.is_file():
        raise UsageError(f"{path}: no such configuration file")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("sladoc")
        if section is None:
            raise UsageError(f"{path}: has no [tool.sladoc] section")
        where = f"{path}: [tool.sladoc]"
    else:
        section = data.get("tool", {}).get("sladoc", data) if "tool" in data else data
        where = str(path)
    return parse_config(section, where=where, root=path.parent)


@dataclass
class ConfigFinder:
    """The configuration of each file: the nearest one from the file's folder upwards,
    read once per configuration file, with the command line's overrides applied."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None

    def __post_init__(self) -> None:
        self._by_folder: dict[Path, Config] = {}
        self._by_file: dict[Path | None, Config] = {}

    def for_file(self, file: Path) -> Config:
        folder = file.parent.resolve()
        if folder not in self._by_folder:
            found = find_config(folder)
            if found not in self._by_file:
                loaded = load_config(found) if found is not None else Config()
                self._by_file[found] = loaded.overridden(
                    select=self.select, ignore=self.ignore, fail_on=self.fail_on
                )
            self._by_folder[folder] = self._by_file[found]
        return self._by_folder[folder]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {error.strerror or error}") from None
    return _parse_toml(data, path)


def _parse_toml(data: bytes, path: Path) -> dict[str, Any]:
    # Imported here: a run without a configuration file never needs the TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    try:
        parsed: dict[str, Any] = tomllib.loads(data.decode())  # as tomllib.load decodes
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    return parsed


def parse_config(section: Any, *, where: str = "configuration", root: Path = Path(".")) -> Config:
    """A Config from the table of options (already read from TOML)."""
    if not isinstance(section, dict):
        raise UsageError(f"{where}: expected a table of options")
    for key in section:
        if key not in OPTIONS:
            raise UsageError(
                f"{where}: unknown option {key!r}{_did_you_mean(key, OPTIONS)} "
                f"(options: {', '.join(OPTIONS)})"
            )
    values: dict[str, Any] = {"root": root, "source": where}
    if "select" in section:
        values["select"] = tuple(
            _codes(_strings(section["select"], where, "select"), f"{where}: select")
        )
    if "ignore" in section:
        values["ignore"] = tuple(
            _codes(_strings(section["ignore"], where, "ignore"), f"{where}: ignore")
        )
    if "fail-on" in section:
        values["fail_on"] = _severity(section["fail-on"], f"{where}: fail-on")
    per_file = _table(section.get("per-file-ignores", {}), where, "per-file-ignores")
    values["per_file_ignores"] = tuple(
        (
            pattern,
            tuple(
                _codes(
                    _strings(codes, where, f"per-file-ignores.{pattern}"),
                    f"{where}: per-file-ignores {pattern!r}",
                )
            ),
        )
        for pattern, codes in per_file.items()
    )
    severity = _table(section.get("severity", {}), where, "severity")
    values["severity"] = tuple(
        (_codes([code], f"{where}: severity")[0], _severity(level, f"{where}: severity.{code}"))
        for code, level in severity.items()
    )
    values["extra_terms"] = tuple(_extra_terms(section.get("extra-terms", {}), where))
    values["remove_terms"] = tuple(_remove_terms(section.get("remove-terms", {}), where))
    return Config(**values)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = closest(word, choices)
    return f"; did you mean {close!r}?" if close else ""


def _strings(value: Any, where: str, option: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {option} must be a list of strings")
    return value


def _table(value: Any, where: str, option: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{where}: {option} must be a table")
    return value


def _codes(values: list[str], where: str) -> list[str]:
    """Rule codes, code prefixes or rule names -> codes/prefixes; unknown ones are errors."""
    names = {rule.name: code for code, rule in RULES.items()}
    result = []
    for raw in values:
        value = raw.strip()
        if value in names:
            result.append(names[value])
        elif value and any(code.startswith(value.upper()) for code in RULES):
            result.append(value.upper())
        else:
            hint = _did_you_mean(value.upper(), RULES) or _did_you_mean(value, names)
            raise UsageError(f"{where}: unknown rule code {raw!r}{hint}")
    return result


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        hint = _did_you_mean(str(value), SEVERITIES)
        raise UsageError(f"{where}: expected one of {', '.join(SEVERITIES)}, got {value!r}{hint}")
    return str(value)


def _language(value: str, where: str) -> str:
    if value not in LANGUAGES:
        raise UsageError(
            f"{where}: unknown language {value!r}{_did_you_mean(value, LANGUAGES)}"
            f" (languages: {', '.join(LANGUAGES)})"
        )
    return value


def _extra_terms(value: Any, where: str) -> Iterator[tuple[str, str, str]]:
    groups_by_code = {
        code: rule.term_group for code, rule in RULES.items() if rule.term_group is not None
    }
    for language, table in _table(value, where, "extra-terms").items():
        _language(language, f"{where}: extra-terms")
        for key, words in _table(table, where, f"extra-terms.{language}").items():
            group = groups_by_code.get(key.upper(), key)
            if group not in GROUPS:
                choices = [*GROUPS, *groups_by_code]
                raise UsageError(
                    f"{where}: extra-terms.{language}: unknown group {key!r}"
                    f"{_did_you_mean(key, choices)} (groups: {', '.join(GROUPS)},"
                    f" or their rule codes)"
                )
            for word in _strings(words, where, f"extra-terms.{language}.{key}"):
                if not word.split():
                    raise UsageError(f"{where}: extra-terms.{language}.{key}: empty term")
                yield language, group, word


def _remove_terms(value: Any, where: str) -> Iterator[tuple[str, str]]:
    for language, words in _table(value, where, "remove-terms").items():
        _language(language, f"{where}: remove-terms")
        known = builtin_terms(language)
        for word in _strings(words, where, f"remove-terms.{language}"):
            if normalise(word) not in known:
                raise UsageError(
                    f"{where}: remove-terms.{language}: {word!r} is not in the "
                    f"{language} term list{_did_you_mean(normalise(word), known)}"
                )
            yield language, word
