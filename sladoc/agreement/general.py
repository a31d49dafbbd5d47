"""The general clauses of an agreement (its ``general:`` block) as structured data: governing
law, dispute resolution, limitation of liability, service credits as the exclusive remedy,
confidentiality, the master agreement and order of precedence, notices, assignment,
amendment, entire agreement, severability, counterparts and electronic signature, and the
two clauses Indonesian agreements carry (the waiver of articles 1266 and 1267 of the Civil
Code, and the language clause of Law 24/2009).

The author chooses the values (which law, which courts or arbitration, the cap). A standard
clause is ``true`` (sladoc's wording), ``false`` (left out) or the author's own text; one
not written takes the default of :data:`DEFAULTS` for the agreement's language, so an
Indonesian agreement carries its two clauses unless the author says otherwise. The words of
every clause live in the templates' wording files.

May import: :mod:`sladoc.agreement.fields`, :mod:`sladoc.agreement.values`,
:mod:`sladoc.errors`, :mod:`sladoc.language`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from sladoc.agreement.fields import (
    DurationField,
    Email,
    Node,
    Text,
    _language,
    _text,
    describe_value,
)
from sladoc.agreement.values import Money, parse_duration, parse_money

__all__ = [
    "DEFAULTS",
    "STANDARD",
    "Arbitration",
    "Cap",
    "Disputes",
    "General",
    "Liability",
    "MasterAgreement",
    "NoticeDetails",
    "standard",
]

# --- a standard clause: true, false or the author's own words ------------------------------

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _standard(value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError(
            f"expected true (sladoc's wording), false (left out) or the clause's own text, "
            f"got {describe_value(value)}"
        )
    return _text(value)


Standard = Annotated[
    bool | str,
    PlainValidator(_standard),
    WithJsonSchema(
        {
            "anyOf": [{"type": "boolean"}, {"type": "string", "minLength": 1}],
            "description": "true (sladoc's wording), false (left out) or the clause's own text.",
        }
    ),
]
"""A standard clause: ``True`` for sladoc's wording, ``False`` to leave it out, or text."""

STANDARD = (
    "confidentiality",
    "assignment",
    "amendment",
    "entire_agreement",
    "severability",
    "counterparts",
    "waiver_1266_1267",
    "language_clause",
)
"""The standard clauses, each ``true``, ``false`` or text."""

DEFAULTS: dict[str, dict[str, bool]] = {
    "en": {
        "confidentiality": True,
        "assignment": True,
        "amendment": True,
        "entire_agreement": True,
        "severability": True,
        "counterparts": True,
        "waiver_1266_1267": False,
        "language_clause": False,
    },
    "id": {
        "confidentiality": True,
        "assignment": True,
        "amendment": True,
        "entire_agreement": True,
        "severability": True,
        # The closing formula states the originals an Indonesian agreement is signed in.
        "counterparts": False,
        "waiver_1266_1267": True,
        "language_clause": True,
    },
}
"""Whether each standard clause the author leaves unwritten is printed, per language."""

INDONESIAN_LAW_BY_DEFAULT = ("id",)
"""The languages whose agreements are governed by Indonesian law when the author names no
law (the wording's ``governing_law_default`` names it); English ones name none by default,
as sladoc cannot guess a jurisdiction."""

DEFAULT_NEGOTIATION = "30 days"
"""How long the parties negotiate before a dispute goes to court or arbitration."""


# --- the liability cap ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cap:
    """A liability cap as written: ``12 months' fees`` or an amount (``100000 USD``).
    Exactly one of ``months`` and ``money`` is set."""

    text: str
    months: int | None = None
    money: Money | None = None

    def __str__(self) -> str:
        return self.text


_MONTHS = re.compile(
    r"(\d+)\s*(?:months?|bulan)(?:['\u2019]s?)?(?:\s+(?:of\s+)?(?:the\s+)?(?:fees?|biaya))?",
    re.IGNORECASE,
)


def _cap(value: Any, info: ValidationInfo) -> Cap:
    if isinstance(value, Cap):
        return value
    text = _text(value)
    match = _MONTHS.fullmatch(text)
    if match:
        months = int(match.group(1))
        if months == 0:
            raise ValueError("a cap of 0 months' fees excludes all liability; give 1 or more")
        return Cap(text, months=months)
    try:
        money = parse_money(text, language=_language(info).code)
    except ValueError:
        raise ValueError(
            f'expected a cap as months of fees ("12 months\' fees") or an amount '
            f'("100000 USD"), got {describe_value(value)}'
        ) from None
    if money.amount <= 0:
        raise ValueError("the cap must be above 0")
    return Cap(text, money=money)


CapField = Annotated[
    Cap,
    PlainValidator(_cap),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Months of fees (\"12 months' fees\", '12 bulan biaya') or an "
            "amount ('100000 USD').",
        }
    ),
]


# --- the clauses with values ------------------------------------------------------------------


class Arbitration(Node):
    institution: Text = Field(description="Who administers it, e.g. BANI, SIAC or ICC.")
    seat: Text = Field(description="The seat (legal place) of arbitration, e.g. Singapore.")
    language: Text | None = Field(
        None, description="The language of the arbitration; default: the agreement's."
    )
    arbitrators: int | None = Field(
        None, description="How many arbitrators: 1 or 3; default: as the rules decide."
    )

    @field_validator("arbitrators")
    @classmethod
    def _odd_panel(cls, value: int | None) -> int | None:
        if value is not None and value not in (1, 3):
            raise ValueError(f"expected 1 or 3 arbitrators, got {value}")
        return value


class Disputes(Node):
    """Negotiation first, then the courts of one place or arbitration."""

    negotiation: DurationField = Field(
        default_factory=lambda: parse_duration(DEFAULT_NEGOTIATION),
        description="How long the parties negotiate first; default 30 days.",
    )
    courts: Text | None = Field(
        None, description="The courts with exclusive jurisdiction, e.g. 'the courts of Singapore'."
    )
    arbitration: Arbitration | None = None

    @model_validator(mode="after")
    def _one_forum(self) -> Disputes:
        if (self.courts is None) == (self.arbitration is None):
            raise ValueError(
                "name where a dispute not settled by negotiation goes: `courts` "
                "(e.g. 'the courts of Singapore') or `arbitration`, one of them"
            )
        return self


class Liability(Node):
    cap: CapField = Field(description="Each party's total liability: months of fees or an amount.")
    not_capped: list[Text] = Field(
        [], description="Liabilities the cap does not limit, e.g. fraud, breach of confidentiality."
    )
    indirect_loss: bool = Field(
        True, description="Whether indirect and consequential loss is excluded (default true)."
    )


class MasterAgreement(Node):
    """The agreement this one is made under, and which prevails where they conflict."""

    title: Text = Field(description="The master agreement's title.")
    dated: date = Field(description="The master agreement's date (YYYY-MM-DD).")
    prevails: Literal["master", "this"] = Field(
        "master",
        description="Which prevails where the two conflict: master (default) or this "
        "agreement (this).",
    )


class NoticeDetails(Node):
    """Where one party receives notices."""

    address: Text | None = Field(None, description="Default: the party's `address`.")
    email: Email | None = Field(None, description="Default: the party's first contact's.")
    attention: Text | None = Field(
        None, description="For the attention of; default: the party's first contact."
    )


def _notices(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in _FALSE:
        return False
    if isinstance(value, str) and value.strip().lower() in _TRUE:
        return {}  # every party at its own address and first contact
    if value is None:
        raise ValueError("expected the notice details by party id, or false")
    return value


class General(Node):
    """The general clauses (see the module)."""

    governing_law: Text | None = Field(
        None,
        description="Whose law governs, e.g. 'Singapore' or 'the Republic of Indonesia'; "
        "default for Indonesian agreements: Indonesia.",
    )
    disputes: Disputes | None = None
    liability: Liability | None = None
    sole_remedy: bool | None = Field(
        None,
        description="Whether service credits are the customer's sole and exclusive remedy "
        "for missed availability (customer agreements with service credits).",
    )
    master_agreement: MasterAgreement | None = None
    notices: Annotated[
        dict[str, NoticeDetails] | Literal[False],
        BeforeValidator(_notices),
    ] = Field(
        default_factory=dict,
        description="Where each party receives notices, by party id; parties not listed "
        "receive them at their address and first contact. true: every party so; false "
        "leaves the clause out.",
    )
    confidentiality: Standard | None = None
    assignment: Standard | None = None
    amendment: Standard | None = None
    entire_agreement: Standard | None = None
    severability: Standard | None = None
    counterparts: Standard | None = None
    waiver_1266_1267: Standard | None = None
    language_clause: Standard | None = None

    def default_law(self, language: str) -> bool:
        """Whether the governing-law clause names the default law of ``language``."""
        return self.governing_law is None and language in INDONESIAN_LAW_BY_DEFAULT


def standard(general: General, name: str, languages: tuple[str, ...]) -> bool | str:
    """The standard clause ``name`` of an agreement in ``languages``: as written, else the
    first language's default; an agreement in two languages has no default language
    clause, its versions clause says which prevails."""
    value: bool | str | None = getattr(general, name)
    if value is not None:
        return value
    if name == "language_clause" and len(languages) > 1:
        return False
    return DEFAULTS.get(languages[0], DEFAULTS["en"])[name]
