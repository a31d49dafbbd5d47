"""The document: an agreement composed into a document tree, and the tree written as bytes.

``tree`` (the node types) <- ``compose`` (Agreement -> tree, worded from a ``TemplateSet``)
-> ``writers`` (tree -> DOCX, PDF, Markdown bytes). ``templateset`` is the one owner of a
templates folder's layout, ``sandbox`` of what a template may do, ``provenance`` of what a
document records about its inputs.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.language`, :mod:`sladoc.errors`.
"""
