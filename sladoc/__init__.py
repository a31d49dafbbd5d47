"""sladoc: service level agreements written as YAML, validated, checked and rendered to DOCX
and PDF contracts. The library surface is :mod:`sladoc.api`; the command is :mod:`sladoc.cli`.

The parts, lowest first (each may import only those before it; ``tests/test_architecture.py``
holds the rules): ``errors`` -> ``language`` -> ``agreement`` -> ``document``, ``checks`` ->
``review``, ``reporting`` -> ``batch``, ``api`` -> ``cli``.
"""

__version__ = "0.1.0"
