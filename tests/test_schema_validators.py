"""The JSON Schema as generic validators read it: every example and every starter passes
check-jsonschema, the ``jsonschema`` library and ajv in strict mode (where ``.ci/run``
installed it); wrong files fail them; every property is described for hover."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from sladoc import api
from sladoc.agreement.schema import SCHEMA_ID, undescribed

from .conftest import ROOT

AJV = ROOT / ".ci" / "node_modules" / ".bin" / "ajv"
EXAMPLES = sorted((ROOT / "agreements").glob("*.yaml"))
KINDS = ("internal", "tiered", "customer")


def _as_json(text: str) -> str:
    """A YAML agreement as the JSON a program would send: dates as ISO strings."""

    def plain(value: object) -> object:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    return json.dumps(yaml.safe_load(text), default=plain)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example and every starter, as YAML and as JSON, beside the schema."""
    folder = tmp_path_factory.mktemp("schema")
    (folder / "sladoc.schema.json").write_text(api.json_schema_text(), "utf-8")
    texts = {path.name: path.read_text("utf-8") for path in EXAMPLES}
    texts |= {f"starter-{kind}.yaml": api.starter(kind) for kind in KINDS}
    texts["starter-customer-plans.yaml"] = api.starter("customer", plans=True)
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
        (folder / f"{name}.json").write_text(_as_json(text), "utf-8")
    return {name: folder / name for name in texts} | {"schema": folder / "sladoc.schema.json"}


def test_schema_has_an_id_no_openapi_keywords_and_describes_every_property() -> None:
    schema = api.json_schema()
    assert schema["$id"] == SCHEMA_ID
    assert "discriminator" not in json.dumps(schema)
    assert undescribed(schema) == []


def test_review_takes_the_period_shorthand() -> None:
    validator = jsonschema.Draft202012Validator(api.json_schema())
    data = yaml.safe_load(api.starter("tiered"))
    assert data["review"] == "quarterly"
    assert list(validator.iter_errors(json.loads(_as_json(api.starter("tiered"))))) == []
    data["review"] = 4
    assert list(validator.iter_errors(json.loads(json.dumps(data, default=str))))


def test_check_jsonschema_accepts_every_example_and_starter(files: dict[str, Path]) -> None:
    agreements = [str(path) for name, path in files.items() if name != "schema"]
    assert len(agreements) == len(EXAMPLES) + 4  # the three kinds, and customer with plans
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(files["schema"])]
        + agreements,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_points_at_the_wrong_field(files: dict[str, Path], tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(api.starter("customer").replace("status: draft", "status: signed"), "utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(files["schema"]),
            str(wrong),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "$.status" in done.stdout and "signed" in done.stdout, done.stdout


def _ajv() -> str:
    found = str(AJV) if AJV.exists() else shutil.which("ajv")
    if found is None:
        # CI must run it: .ci/run installs it, and a failed install must not pass unseen
        assert not os.environ.get("CI"), "ajv-cli is missing; .ci/run installs it with npm"
        pytest.skip("ajv-cli is not installed (.ci/run installs it with npm)")
    return found


def _ajv_run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [_ajv(), *args, "--spec=draft2020", "--strict=true", "-c", "ajv-formats"]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=AJV.parent)


def test_ajv_strict_compiles_and_accepts_every_example_and_starter(
    files: dict[str, Path],
) -> None:
    compiled = _ajv_run("compile", "-s", str(files["schema"]))
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    data = [f"-d={path}.json" for name, path in files.items() if name != "schema"]
    done = _ajv_run("validate", "-s", str(files["schema"]), *data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout + done.stderr).count(".json valid") == len(data), done.stdout


def test_ajv_rejects_a_wrong_agreement(files: dict[str, Path], tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    data = json.loads(_as_json(api.starter("internal")))
    data["follow_up"]["attempts"] = 0
    wrong.write_text(json.dumps(data), "utf-8")
    done = _ajv_run("validate", "-s", str(files["schema"]), f"-d={wrong}")
    assert done.returncode == 1 and "attempts" in done.stderr + done.stdout
