"""Progress against an agreement from a month's data: leads (internal agreements) and
outages (customer agreements), their figures, charts and the report document.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document`, :mod:`sladoc.language`,
:mod:`sladoc.errors`.
"""
