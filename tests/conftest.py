from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = sorted((ROOT / "agreements").glob("*.yaml"))


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def generate():
    """The benchmark's generator of realistic agreements (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
