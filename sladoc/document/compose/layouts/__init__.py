"""The sections that one layout writes and the others do not, one module per layout
(:data:`sladoc.agreement.layout.LAYOUTS`); each registers its sections in
:data:`sladoc.document.compose.SECTIONS`.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""
