"""Fuzzing the whole pipeline: load, validate, check and build (DOCX, PDF, Markdown).

Three kinds of input, from raw to well-formed:

* arbitrary bytes and text, and example agreements with bytes edited at random;
* arbitrary YAML documents: random data dumped in every YAML style, YAML token soup, and
  example agreements with subtrees replaced by random data;
* valid agreements of all three kinds: a starter agreement with every value redrawn by the
  field's type (text in any script, percentages, durations, money, measures, dates, numbers,
  choices) and every list's length varied.

The property: each input ends in a valid model and documents that their readers open
(python-docx, pypdf, UTF-8 Markdown), or in sladoc's own error (an InputError whose
problems all have a position, or a RenderError for a character the PDF font lacks). Never
another exception, never a hang: each example runs under a wall-clock bound.

CI runs a few examples per property; ``SLADOC_FUZZ_EXAMPLES=3000`` sets the number of
examples for every property, for a long local run (docs/reliability.md has the figures).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import os
import signal
import time
import types
import typing
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import annotated_types
import docx
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pypdf import PdfReader

from sladoc import api
from sladoc.agreement import general
from sladoc.agreement import model as M
from sladoc.agreement.layout import layouts_for
from sladoc.agreement.loader import load_text
from sladoc.agreement.validate import load_agreement
from sladoc.checks.config import Config
from sladoc.checks.runner import check
from sladoc.errors import InputError, RenderError, SladocError
from sladoc.language import LANGUAGES

from .conftest import AGREEMENTS, ROOT

STARTERS = {
    kind: load_text((ROOT / "sladoc" / "data" / f"starter-{kind}.yaml").read_text("utf-8")).data
    for kind in M.KINDS
}
EXAMPLE_BYTES = [path.read_bytes() for path in AGREEMENTS]
EXAMPLE_DATA = [load_text(path.read_text("utf-8")).data for path in AGREEMENTS]

_LONG_RUN = int(os.environ.get("SLADOC_FUZZ_EXAMPLES", "0") or 0)


def examples(ci: int) -> int:
    """Examples per property: a few on CI, SLADOC_FUZZ_EXAMPLES for a long local run."""
    return _LONG_RUN or ci


def fuzz_settings(ci: int):
    # No Hypothesis deadline: timing varies on shared CI machines. `bounded` catches hangs.
    return settings(
        max_examples=examples(ci),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# --- a bound on every example --------------------------------------------------------------

EXAMPLE_SECONDS = 60
"""Far above the second or two an example takes: only a hang or a blow-up reaches it."""


class Hang(BaseException):
    """Raised by the alarm. A BaseException, so no ``except Exception`` in sladoc can turn a
    hang into one of its own errors."""


@contextlib.contextmanager
def bounded(seconds: float = EXAMPLE_SECONDS) -> Iterator[None]:
    """Fail the example (Hang) if it runs longer than ``seconds``; a no-op where there is
    no SIGALRM (Windows) or outside the main thread."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(signum, frame):
        raise Hang(f"example still running after {seconds} s")

    try:
        previous = signal.signal(signal.SIGALRM, alarm)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_bounded_stops_a_hang() -> None:
    """The bound itself works: a sleeping example is interrupted."""
    if not hasattr(signal, "setitimer"):
        pytest.skip("no SIGALRM on this platform")
    with pytest.raises(Hang), bounded(0.2):
        time.sleep(5)


# --- the property --------------------------------------------------------------------------

FORMATS = ("docx", "pdf", "md")


def assert_position(error: InputError, file: str) -> None:
    assert error.problems, "an InputError without problems"
    for problem in error.problems:
        assert problem.position.file == file, problem
        assert problem.position.line >= 1 and problem.position.col >= 1, problem
        assert problem.message.strip(), problem


def assert_opens(fmt: str, data: bytes) -> None:
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        assert document.paragraphs
    elif fmt == "pdf":
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) >= 2  # the cover and the body
        assert reader.pages[-1].extract_text() is not None
    else:
        assert data.decode("utf-8").endswith("\n")


def pipeline(path: Path, *, must_be_valid: bool = False) -> str:
    """Load, validate, check and build ``path`` in every format; assert the property.
    Returns what happened: "invalid", "built" or "built except pdf"."""
    with bounded():
        report = api.check([path])  # the library's checker entry point never raises here
        assert report.files == 1
        try:
            agreement, loaded = load_agreement(path)
        except InputError as error:
            assert not must_be_valid, f"a valid agreement was refused: {error}"
            assert_position(error, str(path))
            assert str(path) in report.invalid
            return "invalid"
        assert str(path) not in report.invalid
        findings = check(agreement, loaded, Config())
        assert all(f.position.line >= 1 for f in findings)
        outcome = "built"
        for fmt in FORMATS:
            try:
                data = api.render_agreement(agreement, path, (fmt,))[fmt]
            except RenderError as error:
                # The PDF embeds one font; a character it has no glyph for is named. DOCX
                # and Markdown hold any text the model accepts.
                assert fmt == "pdf" and "glyph" in str(error), error
                outcome = "built except pdf"
                continue
            assert_opens(fmt, data)
        return outcome


def run(tmp_path: Path, raw: bytes, *, must_be_valid: bool = False) -> str:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        outcome = pipeline(path, must_be_valid=must_be_valid)
    except SladocError as error:  # anything else of ours is a failure of the property
        raise AssertionError(f"{type(error).__name__} escaped: {error}") from error
    event(outcome)  # --hypothesis-show-statistics shows how far examples got
    return outcome


# --- (a) arbitrary bytes and text ---------------------------------------------------------


def _edit(raw: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (position, length to delete, bytes to insert) edits, positions modulo size."""
    data = bytearray(raw)
    for position, length, insert in edits:
        at = position % (len(data) + 1)
        data[at : at + length] = insert
    return bytes(data)


edited_examples = st.builds(
    _edit,
    st.sampled_from(EXAMPLE_BYTES),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=8)),
        min_size=1,
        max_size=6,
    ),
)
truncated_examples = st.builds(
    lambda raw, cut: raw[:cut], st.sampled_from(EXAMPLE_BYTES), st.integers(0, 6000)
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1"])
encoded_text = st.builds(
    lambda text, codec: text.encode(codec, "replace"), st.text(max_size=600), encodings
)
raw_inputs = st.one_of(st.binary(max_size=600), encoded_text, edited_examples, truncated_examples)


@fuzz_settings(ci=150)
@given(raw=raw_inputs)
def test_arbitrary_bytes_end_in_a_model_or_our_error(tmp_path_factory, raw: bytes) -> None:
    run(tmp_path_factory.mktemp("bytes"), raw)


# --- (b) arbitrary YAML documents ------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.decimals(allow_nan=False).map(str),
    st.sampled_from(
        [
            "99.95%",
            "4 business hours",
            "5000 USD",
            "PT4H",
            "no",
            "1:30",
            "0x1F",
            "2027-02-30",
            "~",
            "null",
            ".nan",
        ]
    ),
)


def yaml_values(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5)
        ),
        max_leaves=25,
    )


def _share(document: Any, picks: list[int]) -> Any:
    """Reuse subtrees at several places, so the dump has anchors and aliases."""
    if not isinstance(document, dict):
        return document
    subtrees = [value for value in document.values() if isinstance(value, (dict, list))]
    for index, pick in enumerate(picks):
        if subtrees:
            document[f"shared{index}"] = subtrees[pick % len(subtrees)]
    return document


dump_options = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, True, None]),
        "default_style": st.sampled_from([None, '"', "'", "|", ">"]),
        "canonical": st.booleans(),
        "allow_unicode": st.booleans(),
        "explicit_start": st.booleans(),
        "width": st.sampled_from([20, 80, 1000]),
    }
)

TOKENS = [
    "- ",
    ": ",
    "? ",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!int ",
    "!!python/name:os.system",
    "!x ",
    "<<: ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "\n",
    "  ",
    "    ",
    "\t",
    "'",
    '"',
    "|",
    ">",
    "# c",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "kind",
    "id",
    "parties",
    "sladoc",
    "1",
    "customer",
    "internal",
    "tiered",
    "x",
    "é",
    "\ufeff",
    "\r\n",
    "\\",
    "\x85",
    "\u2028",
    "99.9%",
    "2027-01-01",
    "{{ x }}",
]
token_soup = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


def _replace_subtrees(document: Any, draw) -> Any:
    """An example agreement with a few values, lists or mappings swapped for random ones."""
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 4))):
        node = document
        for depth in range(6):
            children = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not children:
                break
            key = draw(st.sampled_from(children))
            if isinstance(node[key], (dict, list)) and depth < 5 and draw(st.booleans()):
                node = node[key]  # go deeper
                continue
            node[key] = draw(yaml_values(st.sampled_from(field_names())))
            break
    return document


@fuzz_settings(ci=150)
@given(data=st.data())
def test_arbitrary_yaml_ends_in_a_model_or_our_error(tmp_path_factory, data) -> None:
    choice = data.draw(st.sampled_from(["random", "soup", "mutated"]))
    if choice == "soup":
        text = data.draw(token_soup)
    else:
        if choice == "random":
            keys = st.one_of(st.sampled_from(field_names()), st.text(max_size=8))
            document = _share(
                data.draw(yaml_values(keys)), data.draw(st.lists(st.integers(0, 9), max_size=3))
            )
        else:
            document = _replace_subtrees(data.draw(st.sampled_from(EXAMPLE_DATA)), data.draw)
        text = yaml.safe_dump(document, sort_keys=False, **data.draw(dump_options))
    run(tmp_path_factory.mktemp("yaml"), text.encode("utf-8", "surrogatepass"))


# --- the model, walked: what kind of value each field holds -----------------------------------


def _validator_kinds() -> dict[Any, str]:
    aliases = {
        "text": M.Text,
        "id": M.Id,
        "email": M.Email,
        "percent": M.Percent,
        "duration": M.DurationField,
        "money": M.MoneyField,
        "measure": M.MeasureField,
        "term": M.TermField,
        "period": M.Period,
        "window": M.Window,
        "amount": M.AmountField,
        "notice": M.NoticeField,
        "time": M.TimeOfDay,
        "cap": general.CapField,
        "standard": general.Standard,
    }
    return {typing.get_args(alias)[1].func: kind for kind, alias in aliases.items()}


_KINDS = _validator_kinds()

Shape = tuple  # ("model", cls) | ("list", shape, min) | ("dict", shape) | ("leaf", kind, extra)


def shape_of(annotation: Any, metadata: tuple | list = ()) -> Shape:
    """What a field holds: a model, a list or mapping of something, or a leaf of a kind
    (text, id, email, percent, duration, money, measure, term, period, date, int, bool,
    choice, ref)."""
    for item in metadata:
        kind = _KINDS.get(getattr(item, "func", None))
        if kind:
            return ("leaf", kind, None)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *inner = typing.get_args(annotation)
        return shape_of(base, [*inner, *metadata])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return shape_of(options[0], metadata)
    least = next((m.min_length for m in metadata if isinstance(m, annotated_types.MinLen)), 0)
    if origin is list:
        return ("list", shape_of(typing.get_args(annotation)[0]), least)
    if origin is dict:
        return ("dict", shape_of(typing.get_args(annotation)[1]), least)
    if origin is typing.Literal:
        return ("leaf", "choice", typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    if annotation is datetime.date:
        return ("leaf", "date", None)
    if annotation is bool:
        return ("leaf", "bool", None)
    if annotation is int:
        least = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), 0)
        return ("leaf", "int", least)
    if annotation is str:
        return ("leaf", "ref", None)  # a party id, or the kind
    return ("leaf", "unknown", annotation)


def fields(cls: type[BaseModel]) -> Iterator[tuple[str, Shape]]:
    for name, info in cls.model_fields.items():
        yield info.alias or name, shape_of(info.annotation, info.metadata)


def _all_models() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()

    def visit(shape: Shape) -> None:
        if shape[0] == "model" and shape[1] not in found:
            found.add(shape[1])
            for _, inner in fields(shape[1]):
                visit(inner)
        elif shape[0] in ("list", "dict"):
            visit(shape[1])

    for cls in M.MODELS.values():
        visit(("model", cls))
    return found


def field_names() -> list[str]:
    return sorted({name for cls in _all_models() for name, _ in fields(cls)})


def text_fields(cls: type[BaseModel]) -> set[tuple[str, str]]:
    """(model, field) of every field holding free text, reachable from ``cls``."""
    found: set[tuple[str, str]] = set()
    seen: set[type] = set()

    def visit(owner: type[BaseModel]) -> None:
        if owner in seen:
            return
        seen.add(owner)
        for name, shape in fields(owner):
            while shape[0] in ("list", "dict"):
                shape = shape[1]
            if shape[:2] == ("leaf", "text"):
                found.add((owner.__name__, name))
            elif shape[0] == "model":
                visit(shape[1])

    visit(cls)
    return found


def text_paths(
    cls: type[BaseModel], data: Any, path: tuple = ()
) -> Iterator[tuple[tuple, tuple[str, str]]]:
    """(path, (model, field)) of every free-text value in ``data``."""
    if not isinstance(data, dict):
        return
    for name, shape in fields(cls):
        if name in data:
            yield from _text_in(shape, data[name], (*path, name), (cls.__name__, name))


def _text_in(shape: Shape, value: Any, path: tuple, owner: tuple[str, str]):
    if shape[0] == "leaf":
        if shape[1] == "text" and isinstance(value, str):
            yield path, owner
    elif shape[0] == "model":
        yield from text_paths(shape[1], value, path)
    elif shape[0] == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_in(shape[1], item, (*path, index), owner)
    elif shape[0] == "dict" and isinstance(value, dict):
        for key, item in value.items():
            yield from _text_in(shape[1], item, (*path, key), owner)


# --- (c) valid agreements with every value redrawn --------------------------------------------


def _drawable() -> list[str]:
    """Every character the PDF's font draws (any face falls back to the regular one)."""
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("fuzz", str(ROOT / "sladoc" / "data" / "fonts" / "DejaVuSans.ttf"))
    return [
        chr(code)
        for code in sorted(font.face.charToGlyph)
        if unicodedata.category(chr(code)) not in ("Cc", "Cs", "Cn", "Co")
        and chr(code) not in "\ufffe\uffff"
    ]


# Text the PDF font can draw, so most examples get all the way through the PDF writer too.
_DRAWABLE = st.sampled_from(_drawable())
# Anything the model accepts (the PDF may then name a character its font lacks).
_ANY = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn"))
SPECIAL_TEXT = [
    "{{ 7*7 }}",
    "{% if x %}y{% endif %}",
    "{# c #}",
    "${HOME}",
    "<b>&amp;</b>",
    "a | b",
    "*stars* _under_ `tick`",
    "# hash",
    "- dash",
    "1. one",
    "'single' \"double\"",
    "\\",
    "e\u0301\u0301",
    "שלום عالم",
    "tab\there",
    "line\nbreak",
    "para\n\nbreak",
    "x" * 300,
    "99.999% (31 seconds per year)",
    "as soon as possible",
    "100%",
    ":smile:",
]


def texts(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet, min_size=1, max_size=40),
        st.sampled_from(SPECIAL_TEXT),
        st.lists(
            st.sampled_from(SPECIAL_TEXT) | st.text(alphabet, min_size=1, max_size=12),
            min_size=2,
            max_size=5,
        ).map(" ".join),
    ).filter(lambda text: text.strip())


DRAWABLE_TEXT, ANY_TEXT = texts(_DRAWABLE), texts(_ANY)


@st.composite
def numbers(
    draw,
    language: str,
    *,
    least: Decimal = Decimal(0),
    most: int = 10**9,
    places: tuple[int, ...] = (0, 1, 2),
) -> str:
    """A non-negative number as the agreement's language writes it."""
    count = draw(st.sampled_from(places))
    value = draw(
        st.decimals(
            min_value=least, max_value=most, places=count, allow_nan=False, allow_infinity=False
        )
    ).copy_abs()  # never -0
    text = f"{value:f}"
    return text.replace(".", ",") if language == "id" and draw(st.booleans()) else text


def percent_text(draw, language: str, *, positive: bool = False) -> str:
    least = Decimal("0.001") if positive else Decimal(0)
    number = draw(numbers(language, least=least, most=100, places=(0, 1, 2, 3)))
    return number + draw(st.sampled_from(["%", " %", "%"]))


UNITS = [
    "minutes",
    "hours",
    "business hours",
    "days",
    "business days",
    "weeks",
    "min",
    "h",
    "seconds",
    "calendar days",
]


def duration_text(draw, language: str) -> str:
    if draw(st.integers(0, 4)) == 0:
        return f"PT{draw(st.integers(0, 10**4))}{draw(st.sampled_from('HMS'))}"
    amount = draw(numbers(language, most=10**5, places=(0, 0, 1)))
    return f"{amount} {draw(st.sampled_from(UNITS))}"


def money_value(draw, language: str, currency: str, *, positive: bool = False) -> Any:
    least = Decimal("0.01") if positive else Decimal(0)
    amount = draw(
        st.decimals(
            min_value=least,
            max_value=10**12,
            places=draw(st.sampled_from([0, 2])),
            allow_nan=False,
            allow_infinity=False,
        )
    ).copy_abs()
    plain = f"{amount:f}"
    grouped = (
        f"{amount:,f}" if language == "en" else f"{amount:,f}".translate(str.maketrans(",.", ".,"))
    )
    if language == "id":
        plain = plain.replace(".", ",")
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return {"amount": plain, "currency": currency}
    number = grouped if shape == 1 else plain
    return f"{currency} {number}" if shape == 3 else f"{number} {currency}"


def measure_text(draw, language: str, currency: str) -> str:
    kind = draw(st.sampled_from(["percent", "duration", "money", "quantity"]))
    if kind == "percent":
        return percent_text(draw, language)
    if kind == "duration":
        return duration_text(draw, language)
    if kind == "money":
        value = money_value(draw, language, currency)
        return value if isinstance(value, str) else f"{value['amount']} {currency}"
    unit = draw(st.from_regex(r"[a-z]{1,10}( [a-z]{1,10})?", fullmatch=True))
    return f"{draw(numbers(language, most=10**6, places=(0,)))} {unit}"


PERIOD_WORDS = [
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "monthly",
    "weekly",
    "bulanan",
    "yearly",
    "days",
]


WINDOW_WORDS = ["calendar month", "billing month", "quarter", "year", "bulan kalender", "triwulan"]


class _Redraw:
    """Redraws every value of an agreement by its field's kind, keeping what ties the
    agreement together (ids, references, e-mail addresses, the kind)."""

    def __init__(self, draw, language: str) -> None:
        self.draw = draw
        self.language = language
        self.currency = draw(st.sampled_from(["USD", "EUR", "IDR", "GBP"]))
        # One field in any script is enough for the PDF to lack a glyph, so most agreements
        # keep to scripts the font has and get all the way through the PDF writer.
        self.text = draw(st.sampled_from([DRAWABLE_TEXT, DRAWABLE_TEXT, DRAWABLE_TEXT, ANY_TEXT]))

    def model(self, cls: type[BaseModel], data: Any) -> Any:
        if not isinstance(data, dict):  # shorthand such as `review: quarterly`
            return data
        out = dict(data)
        for name, shape in fields(cls):
            if name in out and name not in ("kind", "sladoc", "language"):
                out[name] = self.value(shape, out[name], (cls.__name__, name))
        return out

    def value(self, shape: Shape, value: Any, where: tuple[str, str]) -> Any:
        draw = self.draw
        if shape[0] == "model":
            return self.model(shape[1], value)
        if shape[0] == "list":
            if not isinstance(value, list) or not value or shape[1][:2] == ("leaf", "ref"):
                return value
            if where[1] == "parties":  # more parties would need new ids and references
                return [self.value(shape[1], item, where) for item in value]
            # The starter customer has no deliveries, so it needs a service; credits need
            # bands or events.
            needed = (("CustomerAgreement", "services"), ("ServiceCredits", "bands"))
            least = 1 if where in needed else shape[2]
            count = draw(st.integers(least, 4))
            items = [self.value(shape[1], value[i % len(value)], where) for i in range(count)]
            if where == ("Support", "severities"):  # levels are unique: renumber
                items = [{**item, "level": str(n)} for n, item in enumerate(items, 1)]
            if where[1] == "clauses":  # clause ids are unique: number them
                items = [
                    {**item, "id": f"{item['id']}-{n}"} if "id" in item else item
                    for n, item in enumerate(items, 1)
                ]
            return items
        if shape[0] == "dict":
            if not isinstance(value, dict):
                return value
            if where[1] in ("goals", "requirements"):  # keyed by party id
                return {key: self.value(shape[1], item, where) for key, item in value.items()}
            items = list(value.values())
            keys = draw(
                st.lists(
                    self.text, min_size=max(shape[2], 1), max_size=4, unique_by=lambda k: k.strip()
                )
            )
            return {
                key: self.value(shape[1], items[i % len(items)], where)
                for i, key in enumerate(keys)
            }
        return self.leaf(shape[1], shape[2], value, where)

    def leaf(self, kind: str, extra: Any, value: Any, where: tuple[str, str]) -> Any:
        draw, language = self.draw, self.language
        if kind == "text":
            return draw(self.text)
        if kind == "percent":
            return percent_text(draw, language, positive=where == ("Funnel", "close_rate"))
        if kind == "duration":
            return duration_text(draw, language)
        if kind == "money":
            return money_value(
                draw, language, self.currency, positive=where == ("Funnel", "average_deal")
            )
        if kind == "measure":
            return measure_text(draw, language, self.currency)
        if kind == "term":
            unit = draw(st.sampled_from(["day", "week", "month", "year", "months", "bulan"]))
            return f"{draw(st.integers(1, 600))} {unit}"
        if kind == "period":
            return draw(st.sampled_from(PERIOD_WORDS))
        if kind == "window":
            return draw(st.sampled_from(WINDOW_WORDS))
        if kind == "amount":
            if draw(st.booleans()):
                return percent_text(draw, language)
            value = money_value(draw, language, self.currency)
            return value if isinstance(value, str) else f"{value['amount']} {self.currency}"
        if kind == "notice":
            if draw(st.booleans()):
                return duration_text(draw, language)
            unit = draw(st.sampled_from(["month", "months", "year", "bulan", "tahun"]))
            return f"{draw(st.integers(1, 24))} {unit}"
        if kind == "time":
            return f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
        if kind == "date":
            return draw(st.dates(datetime.date(1, 1, 2), datetime.date(9998, 12, 31))).isoformat()
        if kind == "int":
            return str(draw(st.integers(extra, 10**6)))
        if kind == "bool":
            return draw(st.sampled_from(["true", "false", "yes", "no"]))
        if kind == "cap":  # months of fees, or an amount above 0
            if draw(st.booleans()):
                unit = draw(st.sampled_from(["months", "months' fees", "bulan", "month"]))
                return f"{draw(st.integers(1, 36))} {unit}"
            money = money_value(draw, language, self.currency, positive=True)
            return f"{money['amount']} {money['currency']}" if isinstance(money, dict) else money
        if kind == "standard":  # sladoc's wording, left out, or the author's own
            return draw(st.sampled_from(["true", "false"]) | self.text)
        if where[1] == "layout":  # a layout fits some kinds of agreement only
            kind_of = next(k for k, model in M.MODELS.items() if model.__name__ == where[0])
            return draw(st.sampled_from(layouts_for(kind_of)))
        if kind == "choice" and all(isinstance(option, str) for option in extra):
            return draw(st.sampled_from(extra))
        return value  # ids, e-mail addresses, references to parties


@st.composite
def valid_agreements(draw, kind: str | None = None) -> dict:
    kind = kind or draw(st.sampled_from(M.KINDS))
    language = draw(st.sampled_from(LANGUAGES))
    data = {**STARTERS[kind], "language": language}
    return _Redraw(draw, language).model(M.MODELS[kind], data)


@fuzz_settings(ci=24)
@given(agreement=valid_agreements())
def test_valid_agreements_build_in_every_format(tmp_path_factory, agreement: dict) -> None:
    text = yaml.safe_dump(agreement, allow_unicode=True, sort_keys=False, width=80)
    run(tmp_path_factory.mktemp("valid"), text.encode("utf-8"), must_be_valid=True)


def test_every_kind_of_value_is_redrawn() -> None:
    """The generator knows every kind of value the model has: a field of a new type (a new
    validator) shows up here as "unknown" until the generator learns to draw it."""
    known = {
        "text",
        "id",
        "email",
        "percent",
        "duration",
        "money",
        "measure",
        "term",
        "period",
        "window",
        "amount",
        "notice",
        "time",
        "date",
        "int",
        "bool",
        "choice",
        "ref",
        "cap",
        "standard",
    }
    found = set()
    for cls in _all_models():
        for _, shape in fields(cls):
            while shape[0] in ("list", "dict"):
                shape = shape[1]
            if shape[0] == "leaf":
                found.add(shape[1])
    assert found == known
