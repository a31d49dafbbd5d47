"""Reviewing agreements under version control: the semantic diff (``diff``), diffs against
a git revision, documents read back as text for git (``textconv``), and provenance and
staleness (``inspect``) (``documents``).

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document`, :mod:`sladoc.language`,
:mod:`sladoc.errors`. Reads git and documents; writes nothing.
"""
