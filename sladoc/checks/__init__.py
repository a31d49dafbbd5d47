"""The checker: reviews a valid agreement the way a careful contract reviewer would.

Each rule is one small module in :mod:`sladoc.checks.rules` that declares a
:class:`~sladoc.checks.rule.Rule` (code, name, severity, the kinds of agreement it applies
to, its phase, its check, its documentation); :mod:`sladoc.checks.registry` lists them.
:func:`sladoc.checks.runner.check` runs them on one agreement and returns
:class:`~sladoc.checks.finding.Finding` objects; :mod:`sladoc.checks.formats` turns findings
into text, JSON, SARIF or GitHub workflow commands. Nothing in this package prints or exits.

Inside, the modules are layered: findings, terms, source positions and suppressions at the
bottom; the context a rule is given above them; then the rule contract, the rules, the
registry; then the configuration (which checks codes against the registry), the
documentation and the runner.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.language`, :mod:`sladoc.errors`.
"""
