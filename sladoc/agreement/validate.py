"""Loaded data -> a typed agreement, or every problem in the file at its position.

Pydantic checks each field; this module turns its errors into ``file:line:col`` problems a
person can act on (with "did you mean" for typos), and adds the checks that need the whole
agreement: references between parties, and cross-references between clauses.
"""

from __future__ import annotations

import typing
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sladoc.agreement import bilingual, references
from sladoc.agreement.layout import misfit as layout_misfit
from sladoc.agreement.loader import Loaded, Path_, SourceMap, format_path, load_file, load_text
from sladoc.agreement.model import (
    ALL_SERVICES,
    KINDS,
    MODELS,
    Agreement,
    CustomerAgreement,
    TieredAgreement,
    describe_value,
    did_you_mean,
    language_problem,
)
from sladoc.errors import Position, Problem, SchemaError
from sladoc.language import DEFAULT
from sladoc.language import language as language_named

# Pydantic's wording for common errors, rephrased for people editing YAML by hand.
_EXPECTED = {
    "string_type": "expected text",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "date_from_datetime_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date without a time, written as YYYY-MM-DD",
    "date_parsing": "expected a date written as YYYY-MM-DD",
    "date_type": "expected a date written as YYYY-MM-DD",
    "list_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping (lines of 'key: value')",
    "model_type": "expected a mapping (lines of 'key: value')",
    "model_attributes_type": "expected a mapping (lines of 'key: value')",
}


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc`` (for listing its fields)."""
    current: Any = model
    for part in loc:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            # inside a list or dict: step into the item type
            candidates = [
                a for t in bilingual.annotation_options(current) for a in typing.get_args(t)[-1:]
            ]
            current = candidates[0] if candidates else None
            if current is None:
                return None
            if isinstance(part, int) or not (
                isinstance(current, type) and issubclass(current, BaseModel)
            ):
                continue
        field = next(
            (f for name, f in current.model_fields.items() if (f.alias or name) == part), None
        )
        if field is None:
            return None
        options = [t for t in bilingual.annotation_options(field.annotation) if t is not type(None)]
        current = options[0] if options else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


_RENAMED: dict[tuple[str, tuple[str | int, ...]], str] = {
    ("CustomerAgreement", ("service_tiers",)): (
        "; a customer agreement calls its service tiers `plans` (each with its name, "
        "price, availability, support and service credits)"
    ),
}
"""Fields of one kind that another kind names differently: the hint says what to write."""


def _problem(error: ErrorDetails, model: type[BaseModel], source: SourceMap) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    got = describe_value(value)
    if kind == "missing":
        position = source.position(loc[:-1])
        message = f"missing required field `{loc[-1]}`"
    elif kind == "extra_forbidden":
        position = source.position(loc, key=True)
        parent = _model_at(model, loc[:-1])
        hint = _RENAMED.get((model.__name__, loc), "") if len(loc) == 1 else ""
        hint = hint or (did_you_mean(str(loc[-1]), _keys_of(parent)) if parent else "")
        message = f"unknown field `{loc[-1]}`{hint}"
        if parent and not hint:
            message += f" (expected one of: {', '.join(_keys_of(parent))})"
    else:
        position = source.position(loc)
        if kind == "literal_error":
            expected = error["ctx"]["expected"]
            options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",")]
            message = f"expected {expected}, got {got}{did_you_mean(str(value), options)}"
        elif kind == "value_error":
            message = str(error["ctx"]["error"])
        elif kind == "too_short":
            least = error["ctx"]["min_length"]
            message = f"needs at least {least} item{'s' if least != 1 else ''}"
        elif kind == "greater_than_equal":
            message = f"expected a number of at least {error['ctx']['ge']}, got {got}"
        elif kind in _EXPECTED:
            message = f"{_EXPECTED[kind]}, got {got}"
        else:
            message = error["msg"]
    return Problem(position, message, format_path(loc))


def validate(loaded: Loaded, language: str | None = None) -> Agreement:
    """Turn loaded data into an Agreement; raise SchemaError with every problem found.

    An agreement in two languages gives its version in ``language`` (by default its first
    language); every version is validated, so a problem in either is reported."""
    return version(loaded, language)[0]


def version(
    loaded: Loaded,
    language: str | None = None,
    versions: tuple[tuple[Agreement, Loaded], ...] = (),
) -> tuple[Agreement, Loaded]:
    """The agreement in ``language`` (by default its first) and the data it was read from:
    for an agreement in two languages, that language's projection of the file. ``versions``
    are the file's versions when they have been validated already."""
    versions = versions or validate_versions(loaded)
    if language is None:
        return versions[0]
    chosen = next((v for v in versions if v[0].language == language), None)
    if chosen is None:
        path: Path_ = ("language",)
        raise SchemaError(
            [
                Problem(
                    loaded.source.position(path),
                    f"the agreement has no `{language}` version (its languages: "
                    f"{', '.join(versions[0][0].languages)})",
                    format_path(path),
                )
            ]
        )
    return chosen


def laid_out(
    versions: tuple[tuple[Agreement, Loaded], ...], layout: str
) -> tuple[tuple[Agreement, Loaded], ...]:
    """The ``versions`` (:func:`validate_versions`) drawn in ``layout`` instead of the
    layout their file names (``sladoc build --layout``). Raises SchemaError, at the file's
    ``layout`` (or ``kind``), when that layout does not fit the agreement's kind."""
    agreement, loaded = versions[0]
    wrong = layout_misfit(agreement.kind, layout)
    if wrong:
        path: Path_ = ("layout",) if "layout" in loaded.data else ("kind",)
        problem = f"--layout {layout}: {wrong}"
        raise SchemaError([Problem(loaded.source.position(path), problem, format_path(path))])
    return tuple(
        (version.model_copy(update={"layout": layout}), data) for version, data in versions
    )


def validate_versions(loaded: Loaded) -> tuple[tuple[Agreement, Loaded], ...]:
    """Every language version of the agreement with the data it was read from, in the
    order of its languages: one for a single-language agreement. Raises SchemaError with
    every problem of every version, each reported once."""
    model = _kind_model(loaded)
    codes = bilingual.declared_languages(loaded.data)
    if codes is not None:
        wrong = bilingual.language_list_problem(codes)
        if wrong:
            raise SchemaError([Problem(loaded.source.position(("language",)), wrong, "language")])
    prevailing = bilingual.prevailing_problem(loaded, codes)
    if prevailing:  # one problem, not one more from each version
        raise SchemaError([prevailing])
    if codes is None:
        return ((_validate_one(loaded, model, loaded.data.get("language", DEFAULT), ()), loaded),)
    versions: list[tuple[Agreement, Loaded]] = []
    found: dict[str, list[Problem]] = {}
    problems: list[Problem] = []
    for code in codes:
        try:
            projected = bilingual.project(loaded, model, code, codes)
        except SchemaError as error:  # texts without this language's version
            problems += [p for p in error.problems if p not in problems]
            continue
        try:
            versions.append((_validate_one(projected, model, code, codes), projected))
        except SchemaError as error:
            found[code] = error.problems
    for code, own in found.items():
        for problem in own:
            # A value both versions share is read in each language: say in which one it
            # fails ("5,000" is a thousand times less in Indonesian).
            if any(problem not in found.get(other, ()) for other in codes if other != code):
                name = language_named(code).name
                problem = replace(
                    problem,
                    message=f"{problem.message} (in the {name} version: a value both "
                    "versions share must read alike in both languages, e.g. 5000 USD or "
                    "99.5%)",
                )
            if problem not in problems:
                problems.append(problem)
    if problems:
        raise SchemaError(problems)
    return tuple(versions)


def _kind_model(loaded: Loaded) -> type[Agreement]:
    source, data = loaded.source, loaded.data
    if not isinstance(data, dict):
        what = "empty" if data is None else f"{describe_value(data)}, not a mapping"
        raise SchemaError(
            [
                Problem(
                    Position(source.file, 1, 1),
                    f"the file is {what}; an agreement starts with `sladoc: 1` and `kind: ...`",
                )
            ]
        )
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in MODELS:
        position = source.position(("kind",)) if "kind" in data else source.position(())
        if kind is None:
            message = f"missing required field `kind` (one of: {', '.join(KINDS)})"
        else:
            message = (
                f"expected `kind` to be one of {', '.join(KINDS)}, got "
                f"{describe_value(kind)}{did_you_mean(str(kind), KINDS)}"
            )
        raise SchemaError([Problem(position, message, "kind")])
    return MODELS[kind]


def _validate_one(
    loaded: Loaded, model: type[Agreement], language: object, languages: tuple[str, ...]
) -> Agreement:
    source, data = loaded.source, loaded.data
    # The language says how values are read (decimal commas), so it is checked before them:
    # a wrong one is one problem, not one more for every value.
    problem = language_problem(language)
    if problem:
        raise SchemaError([Problem(source.position(("language",)), problem, "language")])
    try:
        agreement = model.model_validate(
            data, context={"language": language, "languages": languages}
        )
    except ValidationError as error:
        raise SchemaError(
            [_problem(e, model, source) for e in error.errors(include_url=False)]
        ) from None
    problems = list(_reference_problems(agreement, source))
    problems += _clause_reference_problems(agreement, loaded)
    if problems:
        raise SchemaError(problems)
    return agreement


def _reference_problems(agreement: Agreement, source: SourceMap) -> typing.Iterator[Problem]:
    """Everything that names a party must name one of this agreement's parties."""
    ids = [party.id for party in agreement.parties]
    seen: set[str] = set()
    for index, party_id in enumerate(ids):
        if party_id in seen:
            path: Path_ = ("parties", index, "id")
            yield Problem(
                source.position(path), f"party id `{party_id}` is used twice", format_path(path)
            )
        seen.add(party_id)

    def check(
        path: Path_, party_id: str, *, key: bool = False, extra: tuple[str, ...] = ()
    ) -> Problem | None:
        if party_id in ids or party_id in extra:
            return None
        choices = ids + list(extra)
        return Problem(
            source.position(path, key=key),
            f"`{party_id}` is not a party of this agreement"
            f"{did_you_mean(party_id, choices) or ''} (parties: {', '.join(choices)})",
            format_path(path),
        )

    refs: list[Problem | None] = []
    for block in ("goals", "requirements"):
        for party_id in getattr(agreement, block):
            refs.append(check((block, party_id), party_id, key=True))
    for index, report in enumerate(agreement.reporting):
        refs.append(check(("reporting", index, "from"), report.from_))
        for n, receiver in enumerate(report.to):
            refs.append(check(("reporting", index, "to", n), receiver))
    if agreement.termination and agreement.termination.for_convenience:
        for n, party_id in enumerate(agreement.termination.for_convenience.by):
            refs.append(check(("termination", "for_convenience", "by", n), party_id))
    if isinstance(agreement, TieredAgreement):
        for index, obligation in enumerate(agreement.obligations):
            refs.append(check(("obligations", index, "from"), obligation.from_))
            refs.append(check(("obligations", index, "to"), obligation.to, extra=("end_user",)))
        for index, handover in enumerate(agreement.handovers):
            refs.append(check(("handovers", index, "from"), handover.from_))
            refs.append(check(("handovers", index, "to"), handover.to, extra=("end_user",)))
    general = agreement.general
    if general is not None and general.notices:
        for party_id in general.notices:
            refs.append(check(("general", "notices", party_id), party_id, key=True))
    if general is not None and general.sole_remedy is not None:
        if not (isinstance(agreement, CustomerAgreement) and agreement.service_credits):
            path = ("general", "sole_remedy")
            refs.append(
                Problem(
                    source.position(path),
                    "`sole_remedy` says whether service credits are the customer's only "
                    "remedy; it needs `service_credits` (a customer agreement's)",
                    format_path(path),
                )
            )
    names: dict[str, int] = {}
    for index, party in enumerate(agreement.parties):
        if party.short_name is None:
            continue
        if party.short_name.casefold() in names:
            path = ("parties", index, "short_name")
            refs.append(
                Problem(
                    source.position(path),
                    f'the short name "{party.short_name}" is given to two parties',
                    format_path(path),
                )
            )
        names[party.short_name.casefold()] = index
    if isinstance(agreement, CustomerAgreement):
        refs.append(check(("provider",), agreement.provider))
        refs.append(check(("customer",), agreement.customer))
        if agreement.provider == agreement.customer:
            refs.append(
                Problem(
                    source.position(("customer",)),
                    "`provider` and `customer` must be different parties",
                    "customer",
                )
            )
        refs.extend(_customer_problems(agreement, source))
    yield from (p for p in refs if p is not None)


def _customer_problems(agreement: CustomerAgreement, source: SourceMap) -> typing.Iterator[Problem]:
    """Severity levels defined once per support block; plans named uniquely, each target
    naming a service, and `plan` naming a plan."""
    supports: list[tuple[Path_, typing.Any]] = [(("support",), agreement.support)]
    supports += [(("plans", i, "support"), p.support) for i, p in enumerate(agreement.plans)]
    for where, support in supports:
        if support is None:
            continue
        levels: set[int] = set()
        for index, severity in enumerate(support.severities):
            if severity.level in levels:
                path: Path_ = (*where, "severities", index, "level")
                yield Problem(
                    source.position(path),
                    f"severity level {severity.level} is defined twice",
                    format_path(path),
                )
            levels.add(severity.level)
    names = [plan.name for plan in agreement.plans]
    services = [service.name for service in agreement.services]
    for index, plan in enumerate(agreement.plans):
        if plan.name in names[:index]:
            path = ("plans", index, "name")
            yield Problem(
                source.position(path), f"plan `{plan.name}` is named twice", format_path(path)
            )
        for name in plan.availability:
            if name != ALL_SERVICES and name not in services:
                path = ("plans", index, "availability", name)
                yield Problem(
                    source.position(path, key=True),
                    f"`{name}` is not a service of this agreement"
                    f"{did_you_mean(name, services)} (services: {', '.join(services) or 'none'})",
                    format_path(path),
                )
    if agreement.plan is not None and agreement.plan not in names:
        listed = f"plans: {', '.join(names)}" if names else "the agreement lists no `plans`"
        yield Problem(
            source.position(("plan",)),
            f"`{agreement.plan}` is not a plan of this agreement"
            f"{did_you_mean(agreement.plan, names)} ({listed})",
            "plan",
        )


def _clause_reference_problems(agreement: Agreement, loaded: Loaded) -> list[Problem]:
    """Clause ids are unique and are not a built-in section's; every ``[clause:ID]`` in any
    text names a section the contract holds or a clause's id, reported at the reference."""
    source = loaded.source
    problems = []
    seen: set[str] = set(references.SECTIONS)
    for index, clause in enumerate(agreement.clauses):
        if clause.id is None:
            continue
        if clause.id in seen:
            path: Path_ = ("clauses", index, "id")
            what = "a built-in section's id" if clause.id in references.SECTIONS else "used twice"
            problems.append(
                Problem(
                    source.position(path), f"clause id `{clause.id}` is {what}", format_path(path)
                )
            )
        seen.add(clause.id)
    known = references.targets(agreement)
    for path, text in _strings(loaded.data, ()):
        for reference in references.references(text):
            if reference.target in known:
                continue
            hint = did_you_mean(reference.target, known) or (
                f"; ids that can be named: {', '.join(known)}"
            )
            problems.append(
                Problem(
                    _text_position(loaded, path, text, reference),
                    f"`[clause:{reference.target}]` names no clause of this agreement{hint}",
                    format_path(path),
                )
            )
    return problems


def _strings(data: Any, path: Path_) -> typing.Iterator[tuple[Path_, str]]:
    """Every string value in ``data`` with its key path, in document order."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _text_position(
    loaded: Loaded, path: Path_, text: str, reference: references.Reference
) -> Position:
    """Where ``reference`` is written in the source: the same characters (a reference holds
    no space, so folding cannot change it) counted to the same occurrence inside the value's
    node; the whole value when they cannot be found (written with escapes)."""
    node = loaded.source.position(path)
    if not node.line:
        return node
    written = text[reference.start : reference.end]
    occurrence = text.count(written, 0, reference.start)
    starts = [0]
    for row in loaded.text.split("\n"):
        starts.append(starts[-1] + len(row) + 1)
    first = starts[node.line - 1] + node.col - 1
    last = starts[node.end_line - 1] + node.end_col - 1 if node.end_line else len(loaded.text)
    found = first - 1
    for _ in range(occurrence + 1):
        found = loaded.text.find(written, found + 1, last)
        if found < 0:
            return node
    line = next(number for number, start in enumerate(starts) if start > found)
    col = found - starts[line - 1] + 1
    return Position(node.file, line, col, line, col + len(written))


def load_agreement(path: Path | str, language: str | None = None) -> tuple[Agreement, Loaded]:
    """Read, parse and validate one agreement file (its version in ``language``, for an
    agreement in two languages). Raises LoadError or SchemaError."""
    return version(load_file(path), language)


def parse_agreement(text: str, name: str = "<string>") -> Agreement:
    """Validate agreement text (for callers holding YAML in memory)."""
    return validate(load_text(text, name))
