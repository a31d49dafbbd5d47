"""Languages an agreement may be written in, and each language's words and conventions.

May import: :mod:`sladoc.errors`, :mod:`sladoc.data`.
"""

from __future__ import annotations

LANGUAGES = ("en", "id")
"""The languages sladoc writes contracts in and checks, English first (the default)."""
