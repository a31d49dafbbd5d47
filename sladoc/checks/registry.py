"""Every rule, by code: an explicit table, so adding a rule is one visible line here and an
unknown code in a configuration or a suppression is an error, not a silent no-op."""

from __future__ import annotations

from types import ModuleType

from sladoc.checks.rules import (
    sla101_vague_time,
    sla102_vague_effort,
    sla103_loophole,
    sla104_vague_quantity,
    sla105_vague_quality,
    sla106_open_ended,
    sla201_malformed_percentage,
    sla202_downtime_mismatch,
    sla203_tier_order,
    sla204_severity_order,
    sla205_credit_bands,
    sla206_credits_above_target,
    sla207_missing_window,
    sla208_window_mismatch,
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
    sla901_unexplained_suppression,
    sla902_unused_suppression,
)

RULES: dict[str, ModuleType] = {
    # vague wording
    "SLA101": sla101_vague_time,
    "SLA102": sla102_vague_effort,
    "SLA103": sla103_loophole,
    "SLA104": sla104_vague_quantity,
    "SLA105": sla105_vague_quality,
    "SLA106": sla106_open_ended,
    # uptime figures, tiers and credits
    "SLA201": sla201_malformed_percentage,
    "SLA202": sla202_downtime_mismatch,
    "SLA203": sla203_tier_order,
    "SLA204": sla204_severity_order,
    "SLA205": sla205_credit_bands,
    "SLA206": sla206_credits_above_target,
    "SLA207": sla207_missing_window,
    "SLA208": sla208_window_mismatch,
    # building blocks and best practices
    "SLA301": sla301_missing_block,
    "SLA302": sla302_party_without_goals,
    "SLA303": sla303_unmeasurable_goal,
    "SLA304": sla304_placeholder_contact,
    "SLA305": sla305_unexpected_events,
    "SLA306": sla306_review,
    "SLA307": sla307_severity_clock,
    "SLA308": sla308_support_hours,
    "SLA309": sla309_claims,
    "SLA310": sla310_one_sided,
    "SLA311": sla311_funnel_mismatch,
    "SLA312": sla312_one_sided_reporting,
    # suppressions
    "SLA901": sla901_unexplained_suppression,
    "SLA902": sla902_unused_suppression,
}


def _consistent() -> None:
    """A rule's module constant and its key here must agree; checked once at import."""
    for code, module in RULES.items():
        if module.CODE != code:
            raise RuntimeError(f"registry key {code} holds rule {module.CODE}")


_consistent()
