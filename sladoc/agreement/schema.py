"""The JSON Schema of the agreement format, for editors and for generic validators.

Built from the model (:mod:`sladoc.agreement.model`), then made into a schema that every
validator reads the same way (check-jsonschema, ajv in strict mode, yaml-language-server):

- the kinds are chosen with ``if``/``then`` on ``kind``, not OpenAPI's ``discriminator``
  (unknown to JSON Schema, refused by ajv's strict mode) over a ``oneOf`` (whose "best
  match" errors name the wrong kind's fields);
- the shorthand forms the loader takes are in it (``review: quarterly``), and the
  bilingual ones: every plain value once per language, ``language`` as two languages;
- every property has a description, for hover: the model's own, else one from
  :data:`DESCRIPTIONS` (``Model.field`` first, then the field name), so a field added
  without one fails the test that walks the schema;
- union types are written as ``anyOf`` branches of one type each (ajv's ``strictTypes``).

May import: :mod:`sladoc.agreement`, :mod:`sladoc.language`.
"""

from __future__ import annotations

import copy
from typing import Any

from sladoc.language import LANGUAGES, language

SCHEMA_ID = "https://sladoc.dev/schema/agreement-1.json"
"""The schema's ``$id``: a name, not necessarily a download address (see docs/editors.md)."""

DESCRIPTIONS: dict[str, str] = {
    # the frame every agreement has
    "kind": "The kind of agreement: internal (Marketing and Sales), tiered (a chain of "
    "three or more parties serving one end user) or customer (a provider and its customer).",
    "Agreement.title": "The agreement's title, as printed on the cover.",
    "subtitle": "A line under the title, e.g. the service or the parties.",
    "status": "draft (printed with a DRAFT mark) or final.",
    "version": "The version of this agreement, e.g. '1.0'; printed on the cover.",
    "effective": "The date the agreement takes effect (YYYY-MM-DD).",
    "Agreement.term": "How long the agreement runs from `effective`, e.g. '12 months'; "
    "give `term` or `end`.",
    "end": "The date the agreement ends (YYYY-MM-DD); give `term` or `end`.",
    "language": "The language of the contract: en (English) or id (Indonesian); or two, "
    "e.g. [id, en], for a bilingual contract with the first language on the left.",
    "prevailing_language": "In a contract in two languages, the one whose version prevails "
    "if they differ; by default the first of `language`.",
    "parties": "The parties to the agreement, each with an id, a name and contacts.",
    "overview": "The agreement in a few sentences: who does what for whom, and why.",
    "definitions": "Terms the agreement defines, each with its meaning.",
    "goals": "Each party's measurable goals, by party id.",
    "requirements": "What each party needs from the others to meet its goals, by party id.",
    "reporting": "Who reports what to whom, and how often.",
    "if_goals_missed": "What happens when goals are missed: remedies, escalation, recovery.",
    "termination": "When and how the agreement may be ended early.",
    "unexpected_events": "Force majeure: events beyond the parties' control, and the "
    "service still owed while they last.",
    "clauses": "Further clauses, each with a title and its text, printed as written.",
    # internal
    "funnel": "The Marketing/Sales funnel: the sales quota and the leads it takes.",
    "follow_up": "How fast and how thoroughly Sales follows up marketing leads.",
    "lead_tiers": "Groups of leads with their own goal or value.",
    "sales_quota": "Revenue Sales must close per period, e.g. '5000 USD'.",
    "average_deal": "The average revenue of one closed deal, e.g. '100 USD'.",
    "amount": "The amount, e.g. 5000.",
    "currency": "The currency, as an ISO 4217 code, e.g. USD, EUR, IDR.",
    "channels": "The channels used, e.g. phone, email, chat.",
    "leads_per_rep": "The most leads one sales representative is given per period.",
    "FollowUp.per": "The period `leads_per_rep` counts over.",
    # tiered
    "obligations": "What each party provides to the next, down the chain to the end user.",
    "service_tiers": "Levels of service on offer, each with its price and targets.",
    "provides": "What is provided, e.g. 'Second-line support'.",
    "price": "The price of the tier, e.g. '500 USD'.",
    # customer
    "services": "The services provided, each with its availability target.",
    "deliveries": "Goods delivered, each with quantity, schedule and addresses.",
    "support": "Support hours, channels and response times by incident severity.",
    "service_credits": "Credits owed to the customer when a service level is missed: a table "
    "keyed to availability or to deliveries, credits per event, and their caps.",
    "plans": "Service plans (tiers) on offer, each with its availability, support and credits.",
    "plan": "The customer's plan, one of `plans`; leave out for a published multi-plan SLA.",
    "Plan.price": "The plan's price, e.g. '500 USD'.",
    "ServiceCredits.events": "Credits owed per event: a missed response or resolution, a "
    "late, short or damaged delivery, an hour of downtime beyond the allowance.",
    "EventCredit.credit": "The credit per event: a share of the basis ('5%') or an amount "
    "('250 USD').",
    "exclusions": "What does not count against the targets, e.g. the customer's own faults.",
    "maintenance": "Planned maintenance: its window, notice and limits.",
    "claims": "How and by when the customer claims service credits.",
    "availability": "The availability the service commits to, and how it is measured.",
    "Availability.target": "The availability target, e.g. '99.95%'.",
    "time_zone": "The time zone that times and windows are stated in, e.g. 'Asia/Jakarta'.",
    "bands": "The credit table: each band a range of availability and the credit owed.",
    "at_least": "The band's lower bound: availability at or above this (none: down to 0%).",
    "below": "The band's upper bound: availability below this.",
    "credit": "The credit owed, as a percentage of the basis.",
    "on_time": "The share of each month's deliveries that arrive as scheduled, e.g. '95%'.",
    "complete": "The share of each month's deliveries that arrive complete and undamaged.",
    "Claims.deadline": "By when a credit must be claimed, e.g. '30 days' (after `after`).",
    "Maintenance.emergency": "Emergency maintenance: its notice, and whether it counts as "
    "downtime.",
    "handovers": "A contact for each hand-over between levels: who hands over, who receives.",
    "Handover.contact": "The person at the level handing over.",
    "Handover.receiver": "The person at the level receiving.",
    "for_convenience": "Termination without cause: who may, and the notice they give.",
    "Convenience.by": "Party id(s) who may terminate for convenience; none: any party.",
    "maximum": "The most credit owed for one window, as a percentage of the basis.",
    "ServiceCredits.window": "The window credits are worked out over.",
    "Maintenance.window": "When maintenance may take place, e.g. 'Sundays 01:00-05:00 UTC'.",
    "notice": "How long in advance notice must be given, e.g. '5 days'.",
    "max_per_month": "The most planned maintenance per month, e.g. '4 hours'.",
    "counts_as_downtime": "Whether planned maintenance counts against availability.",
    "evidence": "What a claim must include, e.g. dates and times of the outage.",
    "submit_to": "Where claims are sent, e.g. an email address.",
    "resolution": "The time within which an incident of this severity is resolved.",
    "response": "The time within which an incident of this severity is first answered.",
    "severities": "Incident severity levels, most severe first, with response times.",
    "item": "What is delivered.",
    "addresses": "Where deliveries go.",
    "delivered_by": "Who delivers: a party id or a carrier.",
    "confirmation_within": "How soon after delivery the confirmation is sent.",
    "quantity": "How much is delivered each time, e.g. '200 reams'.",
    # the parts
    "name": "The name, as it appears in the contract.",
    "Contact.name": "The person's full name.",
    "role": "The person's or party's role, e.g. 'Head of Sales'.",
    "email": "An email address.",
    "phone": "A telephone number, with the country code.",
    "address": "The party's registered address.",
    "contacts": "The party's points of contact; the first signs unless a signatory is given.",
    "Signatory.title": "The signatory's job title.",
    "Signatory.name": "The signatory's full name.",
    "witness": "A person who witnesses the party's signatures, with `name` and `title`.",
    "Witness.name": "The witness's full name.",
    "Witness.title": "The witness's job title or occupation.",
    "description": "A short description.",
    "Definition.term": "The defined term, as it is used in the agreement.",
    "meaning": "What the term means in this agreement.",
    "Clause.title": "The clause's heading.",
    "Clause.text": "The clause's text.",
    "UnexpectedEvents.text": "The force majeure clause: what is excused and for how long.",
    "events": "Events that count as unexpected, e.g. natural disasters, war.",
    "minimum_service": "The service still owed while an unexpected event lasts.",
    "notify_within": "How soon the other party must be told of an unexpected event.",
    "target": "The target: a number with a unit ('100 leads'), a percentage ('99.9%'), a "
    "time ('4 hours') or an amount ('5000 USD').",
    "per": "The period the target is measured over: day, week, month, quarter or year.",
    "within": "A time limit, e.g. '1 hour'.",
    "due": "A deadline, e.g. 'the 5th business day'.",
    "measured_by": "How the goal is measured, e.g. the system or report used.",
    "what": "What is reported.",
    "via": "How the report is delivered, e.g. a dashboard or email.",
    "at_expiry": "Whether the agreement is also reviewed before it expires (default true).",
    "review": "How often the agreement is reviewed: a period ('quarterly') or a mapping "
    "with `every`, `mid_term` and `at_expiry`.",
    "remedies": "What the party that missed its goals does to make up for it.",
    "escalation": "Steps taken, in order, when goals keep being missed.",
    "action": "What is done at this step.",
    "conditions": "The events that allow a party to end the agreement.",
    # general clauses
    "arbitration": "Arbitration instead of the courts: institution, seat, language, arbitrators.",
    "disputes": "How disputes are resolved: negotiation first, then `courts` or `arbitration`.",
    "liability": "The limitation of liability: the cap, what it does not limit, indirect loss.",
    "master_agreement": "The agreement this one is made under (title, date) and which "
    "prevails where they conflict.",
    "confidentiality": "The confidentiality clause: true (sladoc's wording, the default), "
    "false (left out) or the clause's own text.",
    "assignment": "The assignment clause (no transfer without consent): true (default), "
    "false or the clause's own text.",
    "amendment": "The amendment clause (in writing, signed by every party): true (default), "
    "false or the clause's own text.",
    "entire_agreement": "The entire-agreement clause: true (default), false or the clause's "
    "own text.",
    "severability": "The severability clause: true (default), false or the clause's own text.",
    "counterparts": "Counterparts and electronic signature: true (default in English), false "
    "(default in Indonesian) or the clause's own text.",
    "waiver_1266_1267": "The waiver of articles 1266 and 1267 of the Indonesian Civil Code for "
    "termination: true (default in Indonesian), false (default in English) or own text.",
    "language_clause": "The language clause of Law 24/2009: true (default in Indonesian), "
    "false (default in English) or the clause's own text.",
}


def _description(model: str, field: str) -> str | None:
    for key in (f"{model}.{field}", f"Agreement.{field}", field):
        if key in DESCRIPTIONS and (key != f"Agreement.{field}" or model.endswith("Agreement")):
            return DESCRIPTIONS[key]
    return None


def _describe(model: str, node: Any) -> None:
    """Describe the properties of ``node`` and of the objects nested in it (a money
    amount written as a mapping, say) from :data:`DESCRIPTIONS`."""
    if isinstance(node, list):
        for item in node:
            _describe(model, item)
        return
    if not isinstance(node, dict):
        return
    for field, prop in node.get("properties", {}).items():
        wanted = _description(model, field)
        if wanted and "description" not in prop:
            prop["description"] = wanted
    for key, value in node.items():
        if key != "properties":
            _describe(model, value)
        else:
            for prop in value.values():
                _describe(model, prop)


_SHARED = {"sladoc", "kind", "id", "language", "prevailing_language"}
"""Fields that never take one version per language: what says which model, which
languages, and the ids that other fields refer to."""


def _versions(node: dict[str, Any]) -> dict[str, Any]:
    """A value, or (in a bilingual agreement) that value once per language."""
    inner = {key: value for key, value in node.items() if key not in ("description", "title")}
    per_language = {
        "type": "object",
        "description": "One version per language of a bilingual agreement.",
        "properties": {
            code: {**inner, "description": f"The {language(code).name} version."}
            for code in LANGUAGES
        },
        "additionalProperties": False,
        "minProperties": 1,
    }
    kept = {key: value for key, value in node.items() if key in ("description", "title")}
    return {**kept, "anyOf": [inner, per_language]}


def _is_value(node: Any) -> bool:
    """Whether ``node`` describes a plain value: no object, array or model inside it."""
    if isinstance(node, list):
        return all(_is_value(item) for item in node)
    if not isinstance(node, dict):
        return True
    if "$ref" in node or node.get("type") in ("object", "array") or "properties" in node:
        return False
    return all(_is_value(value) for value in node.values())


def _versioned(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` (a property's schema) with each plain value in it allowed per language."""
    if _is_value(node):
        return _versions(node)
    node = dict(node)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node[key] = _versioned(node[key])
    if "anyOf" in node:
        node["anyOf"] = [_versioned(branch) for branch in node["anyOf"]]
    return node


def _bilingual(definition: dict[str, Any]) -> None:
    """Let every text of ``definition`` (a model) take one version per language, and an
    agreement's ``language`` two languages."""
    properties = definition.get("properties", {})
    for name, prop in properties.items():
        if name not in _SHARED:
            properties[name] = _versioned(prop)
    language = properties.get("language")
    if language is not None and "enum" in language:
        one = {k: v for k, v in language.items() if k not in ("description", "default")}
        two = {"type": "array", "items": one, "minItems": 2, "maxItems": 2, "uniqueItems": True}
        properties["language"] = {"description": language["description"], "anyOf": [one, two]}


def _one_type_per_branch(node: Any) -> Any:
    """``{"type": ["string", "number"], ...}`` -> ``anyOf`` of one type each, the rest kept."""
    if isinstance(node, list):
        return [_one_type_per_branch(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _one_type_per_branch(value) for key, value in node.items()}
    types = node.get("type")
    if isinstance(types, list):
        rest = {k: v for k, v in node.items() if k not in ("type", "description", "examples")}
        kept = {k: v for k, v in node.items() if k in ("description", "examples")}
        string_only = {"minLength", "maxLength", "pattern", "format"}
        branches = []
        for kind in types:
            branch = {"type": kind}
            branch.update(
                {k: v for k, v in rest.items() if kind == "string" or k not in string_only}
            )
            branches.append(branch)
        return {**kept, "anyOf": branches}
    return node


def agreement_schema(schema: dict[str, Any], format_version: int) -> dict[str, Any]:
    """The model's schema (pydantic's, of the union of kinds) as the published schema."""
    schema = copy.deepcopy(schema)
    definitions: dict[str, Any] = schema.pop("$defs")
    mapping: dict[str, str] = schema.pop("discriminator")["mapping"]
    schema.pop("oneOf", None)
    for model, definition in definitions.items():
        _describe(model, definition)
        _bilingual(definition)
        review = definition.get("properties", {}).get("review")
        if review is not None:
            period = definitions["Review"]["properties"]["every"]
            shorthand = {k: v for k, v in period.items() if k != "title"}
            review["anyOf"] = [shorthand, *review["anyOf"]]
    kinds = sorted(mapping)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"sladoc agreement, format version {format_version}",
        "description": "A service level agreement for sladoc: kind internal, tiered or "
        "customer. See docs/format.md.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": kinds, "description": DESCRIPTIONS["kind"]}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": mapping[kind]},
            }
            for kind in kinds
        ],
        "$defs": _one_type_per_branch(definitions),
    }


def undescribed(schema: Any, where: str = "") -> list[str]:
    """Every property in ``schema`` without a description, as ``where/name``."""
    found = []
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            if isinstance(prop, dict) and "description" not in prop:
                found.append(f"{where}/{name}")
        for key, value in schema.items():
            if key != "if":  # a condition, not a place in the file
                found += undescribed(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for n, item in enumerate(schema):
            found += undescribed(item, f"{where}/{n}")
    return found
