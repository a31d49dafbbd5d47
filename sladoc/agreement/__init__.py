"""The agreement format: reading YAML with positions, hand-written values, the typed model,
validation, and the arithmetic of service levels (budgets, nines, the funnel).

Data flows one way through it: ``loader`` (bytes -> plain data + source map) ->
``validate`` (-> ``model.Agreement`` or positioned problems). ``values`` and ``sla_math``
are the pure functions the model and everything above it use.

May import: :mod:`sladoc.errors`, :mod:`sladoc.language`, :mod:`sladoc.data`.
"""
