"""Placeholder contact: a point of contact that names no person.

A contact must be someone who answers: a real name and e-mail address. Reported: names and
e-mail addresses left as placeholders ("TBD", "Name Surname", "<name>", "name@example.com")
and a contact whose name is just its role ("Account Manager"), as starter files have them.

Fails:

```yaml
parties:
  - id: acme
    name: Acme Cloud Ltd.
    contacts:
      - {name: Account Manager, role: Account Manager, email: tbd@acme.example}
  - id: company-x
    name: Company X
    contacts:
      - {name: Budi Santoso, role: Head of IT, email: budi@companyx.example}
```

Passes:

```yaml
parties:
  - id: acme
    name: Acme Cloud Ltd.
    contacts:
      - {name: Priya Natarajan, role: Account Manager, email: priya@acme.example}
  - id: company-x
    name: Company X
    contacts:
      - {name: Budi Santoso, role: Head of IT, email: budi@companyx.example}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive
from sladoc.checks.rule import EVERY_KIND, Rule

_PLACEHOLDER_NAME = re.compile(
    r".*(?:\b(?:tbd|tba|tbc|todo|fixme|xxx+|n/?a|lorem|ipsum)\b|[<\[{].*[>\]}]|\?).*"
    r"|(?:first|full)?\s*name(?:\s+(?:surname|last\s*name))?|(?:john|jane)\s+doe|nama",
    re.IGNORECASE,
)
_PLACEHOLDER_EMAIL = re.compile(
    r"(?:tbd|tba|todo|xxx+|name|email|e-mail|user|someone|nobody|your[._-]?name|"
    r"first[._-]?(?:name)?[._-]?last[._-]?name|contact|nama)@.*|.*@(?:example|domain)\.com",
    re.IGNORECASE,
)


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for party_index, party in enumerate(ctx.agreement.parties):
        for index, contact in enumerate(party.contacts):
            path = ("parties", party_index, "contacts", index)
            if _PLACEHOLDER_NAME.fullmatch(contact.name.strip()):
                yield RULE.finding(
                    ctx.source.value_spot(path + ("name",)),
                    f'{possessive(party.name)} contact name "{contact.name}" is a placeholder',
                    "write the name of the person who answers",
                )
            elif contact.name.strip().lower() == contact.role.strip().lower():
                yield RULE.finding(
                    ctx.source.value_spot(path + ("name",)),
                    f"{possessive(party.name)} contact is named by its role "
                    f'("{contact.name}"), not a person',
                    "write the name of the person who holds the role",
                )
            if _PLACEHOLDER_EMAIL.fullmatch(contact.email.strip()):
                yield RULE.finding(
                    ctx.source.value_spot(path + ("email",)),
                    f'{possessive(party.name)} contact e-mail "{contact.email}" is a placeholder',
                    "write the address that person reads",
                )


RULE = Rule(
    code="SLA304",
    name="placeholder-contact",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
