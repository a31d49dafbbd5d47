"""The sections a layout writes its own way (one module per layout), under the ids of the
spine's sections so that cross-references name the same clauses in every layout.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""
