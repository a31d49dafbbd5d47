"""The rule contract: what every rule declares, as data on one typed object.

Each module in :mod:`sladoc.checks.rules` holds one :class:`Rule`, ``RULE``, whose fields
say everything the runner, the configuration and the documentation need to know about it:
its code, name and default severity, the kinds of agreement it applies to, when it runs
(:class:`Phase`), its check, and its documentation (the module docstring, from which
``docs/rules.md`` is generated, examples included). :mod:`sladoc.checks.registry` lists the
rules; nothing else repeats what a rule declares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeGuard

from sladoc.agreement.model import Agreement, CustomerAgreement, InternalAgreement, TieredAgreement
from sladoc.checks.context import A, Context
from sladoc.checks.finding import Finding, Severity
from sladoc.checks.locate import Spot

EVERY_KIND: tuple[type[Agreement], ...] = (InternalAgreement, TieredAgreement, CustomerAgreement)
"""The ``kinds`` of a rule that applies to every agreement."""


class Phase(Enum):
    """When the runner calls a rule's check."""

    FINDINGS = "findings"
    """With the other rules, before suppressions; its findings may be suppressed."""
    AFTER_SUPPRESSIONS = "after suppressions"
    """Once the suppressions were applied: the check reads what they did
    (:attr:`Context.suppressed <sladoc.checks.context.Context.suppressed>`), and its own
    findings cannot be suppressed inline."""


@dataclass(frozen=True, kw_only=True)
class Rule(Generic[A]):
    """One rule. ``check`` receives a context whose agreement is of one of ``kinds``, so a
    rule for customer agreements is written against ``Context[CustomerAgreement]``."""

    code: str  # "SLA101": the first digit is the rule's category (see sladoc.checks.docs)
    name: str  # "vague-deadline": what a configuration may select it by
    severity: Severity
    kinds: tuple[type[A], ...]
    check: Callable[[Context[A]], Iterable[Finding]]
    doc: str  # the rule module's docstring: summary, explanation, Fails:/Passes: examples
    phase: Phase = Phase.FINDINGS
    term_group: str | None = None  # the vague-term group it reports (sladoc/data/terms)

    def applies_to(self, context: Context[Agreement]) -> TypeGuard[Context[A]]:
        return isinstance(context.agreement, self.kinds)

    def run(self, context: Context[Agreement]) -> Iterable[Finding]:
        """The check's findings, or none for an agreement of another kind."""
        if self.applies_to(context):
            return self.check(context)
        return ()

    def finding(
        self, spot: Spot, message: str, suggestion: str = "", fix: str | None = None
    ) -> Finding:
        """A finding of this rule at ``spot``, with its default severity; ``fix`` is the one
        exact correction of the words at ``spot``, when there is one."""
        return Finding(
            self.code,
            self.name,
            self.severity,
            spot.position,
            message,
            suggestion,
            spot.path,
            spot.excerpt,
            fix=fix,
        )
