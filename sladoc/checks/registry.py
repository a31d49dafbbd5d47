"""Every rule, in the order they are documented and reported: an explicit list, so adding a
rule is one visible line here, and an unknown code in a configuration or a suppression is an
error, not a silent no-op. Codes, names and everything else come from the rules themselves
(:class:`sladoc.checks.rule.Rule`); nothing here repeats them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sladoc.checks.rule import Rule
from sladoc.checks.rules import (
    sla101_vague_time,
    sla102_vague_effort,
    sla103_loophole,
    sla104_vague_quantity,
    sla105_vague_quality,
    sla106_open_ended,
    sla107_hidden_character,
    sla201_malformed_percentage,
    sla202_downtime_mismatch,
    sla203_tier_order,
    sla204_severity_order,
    sla205_credit_bands,
    sla206_credits_above_target,
    sla207_missing_window,
    sla208_window_mismatch,
    sla209_credit_without_commitment,
    sla301_missing_block,
    sla302_party_without_goals,
    sla303_unmeasurable_goal,
    sla304_placeholder_contact,
    sla305_unexpected_events,
    sla306_review,
    sla307_severity_clock,
    sla308_support_hours,
    sla309_claims,
    sla310_one_sided,
    sla311_funnel_mismatch,
    sla312_one_sided_reporting,
    sla313_undefined_term,
    sla401_versions_disagree,
    sla402_untranslated,
    sla901_unexplained_suppression,
    sla902_unused_suppression,
)

ALL: tuple[Rule[Any], ...] = (
    # vague wording
    sla101_vague_time.RULE,
    sla102_vague_effort.RULE,
    sla103_loophole.RULE,
    sla104_vague_quantity.RULE,
    sla105_vague_quality.RULE,
    sla106_open_ended.RULE,
    sla107_hidden_character.RULE,
    # uptime figures, tiers and credits
    sla201_malformed_percentage.RULE,
    sla202_downtime_mismatch.RULE,
    sla203_tier_order.RULE,
    sla204_severity_order.RULE,
    sla205_credit_bands.RULE,
    sla206_credits_above_target.RULE,
    sla207_missing_window.RULE,
    sla208_window_mismatch.RULE,
    sla209_credit_without_commitment.RULE,
    # building blocks and best practices
    sla301_missing_block.RULE,
    sla302_party_without_goals.RULE,
    sla303_unmeasurable_goal.RULE,
    sla304_placeholder_contact.RULE,
    sla305_unexpected_events.RULE,
    sla306_review.RULE,
    sla307_severity_clock.RULE,
    sla308_support_hours.RULE,
    sla309_claims.RULE,
    sla310_one_sided.RULE,
    sla311_funnel_mismatch.RULE,
    sla312_one_sided_reporting.RULE,
    sla313_undefined_term.RULE,
    # agreements in two languages
    sla401_versions_disagree.RULE,
    sla402_untranslated.RULE,
    # suppressions
    sla901_unexplained_suppression.RULE,
    sla902_unused_suppression.RULE,
)


def _by_code(rules: tuple[Rule[Any], ...]) -> dict[str, Rule[Any]]:
    """The rules by code. Two rules with one code or one name are a mistake, caught at
    import: a configuration could not tell them apart."""
    by_code: dict[str, Rule[Any]] = {}
    names: set[str] = set()
    for rule in rules:
        if rule.code in by_code:
            raise RuntimeError(f"two rules have the code {rule.code}")
        if rule.name in names:
            raise RuntimeError(f"two rules have the name {rule.name}")
        by_code[rule.code] = rule
        names.add(rule.name)
    return by_code


RULES: Mapping[str, Rule[Any]] = _by_code(ALL)
"""Every rule by code, in the order of :data:`ALL`."""
