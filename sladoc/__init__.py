"""sladoc: service level agreements written as YAML, validated, checked and rendered to DOCX
and PDF contracts. The library surface is :mod:`sladoc.api`; the command is :mod:`sladoc.cli`.
"""

__version__ = "0.1.0"
