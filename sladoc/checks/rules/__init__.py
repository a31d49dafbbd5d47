"""One module per rule. Each has ``CODE``, ``NAME``, ``SEVERITY``, a docstring that is its
documentation (with a YAML example that fails and one that passes) and ``check(ctx)``, which
yields findings. The registry (:mod:`sladoc.checks.registry`) lists them explicitly."""
