"""Loaded data -> a typed agreement, or every problem in the file at its position.

Pydantic checks each field; this module turns its errors into ``file:line:col`` problems a
person can act on (with "did you mean" for typos), and adds the checks that need the whole
agreement: references between parties.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sladoc.agreement.loader import Loaded, Path_, SourceMap, format_path, load_file, load_text
from sladoc.agreement.model import (
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


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation may hold: Optional/Union/Annotated peeled off."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc`` (for listing its fields)."""
    current: Any = model
    for part in loc:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            # inside a list or dict: step into the item type
            candidates = [a for t in _unwrap(current) for a in typing.get_args(t)[-1:]]
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
        options = [t for t in _unwrap(field.annotation) if t is not type(None)]
        current = options[0] if options else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


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
        hint = did_you_mean(str(loc[-1]), _keys_of(parent)) if parent else ""
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


def validate(loaded: Loaded) -> Agreement:
    """Turn loaded data into an Agreement; raise SchemaError with every problem found."""
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
    # The language says how values are read (decimal commas), so it is checked before them:
    # a wrong one is one problem, not one more for every value.
    language = data.get("language", DEFAULT)
    problem = language_problem(language)
    if problem:
        raise SchemaError([Problem(source.position(("language",)), problem, "language")])
    model = MODELS[kind]
    try:
        agreement = model.model_validate(data, context={"language": language})
    except ValidationError as error:
        raise SchemaError(
            [_problem(e, model, source) for e in error.errors(include_url=False)]
        ) from None
    problems = list(_reference_problems(agreement, source))
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
    if isinstance(agreement, TieredAgreement):
        for index, obligation in enumerate(agreement.obligations):
            refs.append(check(("obligations", index, "from"), obligation.from_))
            refs.append(check(("obligations", index, "to"), obligation.to, extra=("end_user",)))
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
        if agreement.support:
            levels: set[int] = set()
            for index, severity in enumerate(agreement.support.severities):
                if severity.level in levels:
                    path = ("support", "severities", index, "level")
                    refs.append(
                        Problem(
                            source.position(path),
                            f"severity level {severity.level} is defined twice",
                            format_path(path),
                        )
                    )
                levels.add(severity.level)
    yield from (p for p in refs if p is not None)


def load_agreement(path: Path | str) -> tuple[Agreement, Loaded]:
    """Read, parse and validate one agreement file. Raises LoadError or SchemaError."""
    loaded = load_file(path)
    return validate(loaded), loaded


def parse_agreement(text: str, name: str = "<string>") -> Agreement:
    """Validate agreement text (for callers holding YAML in memory)."""
    return validate(load_text(text, name))
