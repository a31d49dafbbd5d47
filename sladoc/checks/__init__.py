"""The checker: reviews a valid agreement the way a careful contract reviewer would.

Each rule is one small module in :mod:`sladoc.checks.rules`, listed in
:mod:`sladoc.checks.registry`; :func:`sladoc.checks.runner.check` runs them on one agreement
and returns :class:`~sladoc.checks.finding.Finding` objects; :mod:`sladoc.checks.formats`
turns findings into text, JSON, SARIF or GitHub workflow commands. Nothing in this package
prints or exits.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.language`, :mod:`sladoc.errors`.
"""
