"""One module per rule. Each holds ``RULE``, a :class:`sladoc.checks.rule.Rule` that declares
the rule's code, name, severity, the kinds of agreement it applies to, its phase and its
check; the module docstring is its documentation (with a YAML example that fails and one
that passes). The registry (:mod:`sladoc.checks.registry`) lists them explicitly."""
