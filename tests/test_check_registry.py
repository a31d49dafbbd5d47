"""The rule contract: the registry is built from the rules' own declarations, and the runner
honours what they declare (the kinds of agreement, the phase)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest

from sladoc.agreement.loader import Loaded, load_text
from sladoc.agreement.model import MODELS, Agreement, CustomerAgreement, InternalAgreement
from sladoc.agreement.validate import validate
from sladoc.checks import registry, rules, runner
from sladoc.checks.config import Config
from sladoc.checks.context import Context
from sladoc.checks.finding import SEVERITIES, Finding
from sladoc.checks.locate import Spot
from sladoc.checks.rule import EVERY_KIND, Phase, Rule
from sladoc.checks.terms import GROUPS
from sladoc.errors import Position

from .checker_cases import compose

RULE_MODULES = [
    importlib.import_module(f"{rules.__name__}.{info.name}")
    for info in pkgutil.iter_modules(rules.__path__)
]


def test_every_rule_module_is_registered_exactly_once() -> None:
    assert len(RULE_MODULES) == len(registry.ALL)
    for module in RULE_MODULES:
        assert [rule for rule in registry.ALL if rule is module.RULE] == [module.RULE], module
    assert list(registry.RULES.values()) == list(registry.ALL)


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in registry.ALL]
    names = [rule.name for rule in registry.ALL]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert codes == sorted(codes), "the registry lists the rules in the order of their codes"
    for module in RULE_MODULES:
        rule = module.RULE
        assert re.fullmatch(r"SLA[1-9]\d\d", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name), rule.name
        assert module.__name__.rpartition(".")[2].startswith(rule.code.lower() + "_"), (
            f"{module.__name__} declares {rule.code}"
        )


def test_each_rule_declares_valid_kinds_severity_phase_and_documentation() -> None:
    kinds = set(MODELS.values())
    for module in RULE_MODULES:
        rule = module.RULE
        assert rule.kinds and set(rule.kinds) <= kinds, rule.code
        assert len(set(rule.kinds)) == len(rule.kinds), rule.code
        assert rule.severity in SEVERITIES, rule.code
        assert isinstance(rule.phase, Phase), rule.code
        assert rule.term_group is None or rule.term_group in GROUPS, rule.code
        assert rule.doc == module.__doc__, f"{rule.code}: its documentation is its docstring"
        assert rule.check.__module__ == module.__name__, rule.code


def test_only_the_suppression_rules_run_after_the_suppressions() -> None:
    after = [rule.code for rule in registry.ALL if rule.phase is Phase.AFTER_SUPPRESSIONS]
    assert after == ["SLA901", "SLA902"]


# --- the runner honours the declarations ---------------------------------------------------


def _agreement(kind: str) -> tuple[Agreement, Loaded]:
    loaded = load_text(compose(f"kind: {kind}\n"), "case.yaml")
    return validate(loaded), loaded


def _spy(
    code: str, kinds: tuple[type[Agreement], ...], phase: Phase = Phase.FINDINGS
) -> tuple[Rule[Agreement], list[Context[Agreement]]]:
    """A rule that records the contexts it is given and finds nothing."""
    seen: list[Context[Agreement]] = []

    def check(ctx: Context[Agreement]) -> Iterator[Finding]:
        seen.append(ctx)
        return iter(())

    rule = Rule(
        code=code,
        name=f"spy-{code}",
        severity="info",
        kinds=kinds,
        check=check,
        doc="Spy.",
        phase=phase,
    )
    return rule, seen


def test_rule_run_skips_other_kinds_and_narrows_the_rest() -> None:
    rule, seen = _spy("SLA999", (CustomerAgreement,))
    internal, internal_loaded = _agreement("internal")
    customer, customer_loaded = _agreement("customer")
    assert list(rule.run(Context(internal, internal_loaded, Config()))) == []
    assert seen == []
    context: Context[Agreement] = Context(customer, customer_loaded, Config())
    assert rule.applies_to(context)
    list(rule.run(context))
    assert seen == [context]


@pytest.mark.parametrize("kind", ["internal", "tiered", "customer"])
def test_runner_skips_a_rule_for_kinds_it_does_not_apply_to(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    customer_only, customer_seen = _spy("SLA997", (CustomerAgreement,))
    internal_only, internal_seen = _spy("SLA998", (InternalAgreement,))
    every, every_seen = _spy("SLA999", EVERY_KIND)
    spies = (customer_only, internal_only, every)
    monkeypatch.setattr(runner, "RULES", {rule.code: rule for rule in spies})
    agreement, loaded = _agreement(kind)
    assert runner.check(agreement, loaded) == []
    assert len(customer_seen) == (kind == "customer")
    assert len(internal_seen) == (kind == "internal")
    assert len(every_seen) == 1
    assert every_seen[0].agreement is agreement


def test_after_suppressions_rules_get_the_record_of_what_the_suppressions_did(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before, before_seen = _spy("SLA998", EVERY_KIND)
    after, after_seen = _spy("SLA999", EVERY_KIND, Phase.AFTER_SUPPRESSIONS)
    rules = (registry.RULES["SLA101"], before, after)
    monkeypatch.setattr(runner, "RULES", {rule.code: rule for rule in rules})
    text = compose(
        """
        # sladoc: ignore[SLA101] -- defined in the master agreement
        overview: Acme hosts the web shop and responds promptly.  # sladoc: ignore[SLA104]
        """
    )
    loaded = load_text(text, "case.yaml")
    assert runner.check(validate(loaded), loaded) == []  # SLA101's finding is suppressed
    [context] = after_seen
    record = context.suppressed
    assert [(s.line, s.codes, used) for s, used in record.uses] == [
        (2, ("SLA101",), frozenset({"SLA101"})),
        (3, ("SLA104",), frozenset()),
    ]
    assert record.turned_on == {"SLA101", "SLA998", "SLA999"}
    assert record.rule_names == {code: rule.name for code, rule in registry.RULES.items()}
    # the rules before the suppressions cannot read a record that does not exist yet
    [early] = before_seen
    with pytest.raises(RuntimeError, match="AFTER_SUPPRESSIONS"):
        _ = early.suppressed


def test_a_rule_makes_findings_with_its_own_code_name_and_severity() -> None:
    rule = registry.RULES["SLA106"]
    spot = Spot(Position("a.yaml", 3, 5, 3, 9), "overview", "etc.")
    finding = rule.finding(spot, "open", "close it")
    assert (finding.code, finding.name, finding.severity) == ("SLA106", "open-ended-list", "info")
    assert (finding.position, finding.path, finding.excerpt) == (spot.position, "overview", "etc.")
    assert (finding.message, finding.suggestion) == ("open", "close it")
