"""What a `pip install` ships: every package and data folder the code needs."""

from __future__ import annotations

import sys

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_python_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "sladoc").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {on_disk - listed}"
    assert "sladoc.templates" in listed


def test_installed_or_source_templates_are_found() -> None:
    from sladoc.document.templateset import TemplateSet

    folder = TemplateSet.default().folder
    for kind in ("internal", "tiered", "customer"):
        assert (folder / kind / "reference.docx").is_file()
        assert (folder / kind / "wording.yaml").is_file()
    assert (folder / "pdf-style.yaml").is_file()
