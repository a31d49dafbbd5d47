"""The sections that only some layouts (:data:`sladoc.agreement.layout.LAYOUTS`) write, one
module per layout; the sections every layout shares live in :mod:`..sections`, :mod:`..general`
and the kinds' modules.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""
