"""What makes a one-file run start sooner (issue 21) changes nothing a user sees: a command
line that names a command runs through an app of that command alone, with the same help,
errors and exit codes as the whole app; models built on first use validate alike whatever
was validated before them; the fallback font is parsed when first needed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from sladoc.checks.config import find_config
from sladoc.checks.lazy import LazyPattern
from sladoc.checks.terms import matcher, trie_pattern
from sladoc.cli import _app_for, _name, app
from sladoc.document import fonts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "agreements").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "invalid").glob("*.yaml"))

COMMANDS = [name for name in map(_name, app.registered_commands) if name is not None]

# Argument shapes after the command's name that never get as far as running it: help, an
# unknown option, a misspelt option (typer's "did you mean").
SHAPES = [["--help"], ["--no-such-option"], ["--quite"]]
# and, for the commands that need files, none (a missing argument) and a file not there
NEED_FILES = ["validate", "check", "build", "diff", "textconv", "inspect"]


def test_every_command_is_found_by_its_name() -> None:
    assert {"validate", "check", "build"} <= set(COMMANDS)
    for name in COMMANDS:
        alone = _app_for([name, "x"])
        assert alone is not app
        assert [_name(info) for info in alone.registered_commands] == [name]
        assert alone.registered_groups == []


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["--version"], ["calc", "leads"], ["chek", "x"], ["-q"]]
)
def test_other_command_lines_get_the_whole_app(args: list[str]) -> None:
    assert _app_for(args) is app


@pytest.mark.parametrize("name", COMMANDS)
def test_the_app_of_one_command_says_what_the_whole_app_says(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may act on the repository the tests run in
    runner = CliRunner()
    shapes = [*SHAPES, *([[], ["no-such-file.yaml"]] if name in NEED_FILES else [])]
    for shape in shapes:
        args = [name, *shape]
        whole = runner.invoke(app, args, prog_name="sladoc", env={"COLUMNS": "100"})
        alone = runner.invoke(_app_for(args), args, prog_name="sladoc", env={"COLUMNS": "100"})
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), args


def test_the_whole_app_still_has_every_command() -> None:
    # _app_for copies the app; it must never take commands away from the app itself
    _app_for(["check", "x"])
    assert [_name(info) for info in app.registered_commands] == COMMANDS
    assert app.registered_groups


_VALIDATE_TWICE = """
import json, sys
from pathlib import Path
from sladoc import api
files = [Path(p) for p in json.loads(sys.argv[1])]
runs = []
for _ in range(2):
    report = api.validate(files)
    runs.append([[str(path), [str(p) for p in problems]] for path, problems in report.results])
print(json.dumps(runs))
"""


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_validation_is_the_same_on_first_and_later_use(order: str) -> None:
    """The models' validators are built when a kind is first validated: in a fresh
    process, the first pass over valid and invalid files of every kind reports exactly
    what the second does, and neither depends on which kind came first."""
    files = [*EXAMPLES, *INVALID]
    if order == "reversed":
        files.reverse()
    done = subprocess.run(
        [sys.executable, "-c", _VALIDATE_TWICE, json.dumps([str(f) for f in files])],
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = json.loads(done.stdout)
    assert first == second
    assert any(problems for _, problems in first) and any(not p for _, p in first)
    by_file = dict(map(tuple, first))  # type: ignore[arg-type]
    other = subprocess.run(
        [sys.executable, "-c", _VALIDATE_TWICE, json.dumps([str(f) for f in reversed(files)])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert dict(map(tuple, json.loads(other.stdout)[0])) == by_file  # type: ignore[arg-type]


def test_the_fallback_font_is_the_registered_dejavu() -> None:
    liberation = fonts.register(fonts.LIBERATION)
    assert liberation.fallback_files == fonts.DEJAVU
    assert liberation.fallback is fonts.register(fonts.DEJAVU)
    assert fonts.register(fonts.DEJAVU).fallback is None
    # a character Liberation Sans lacks is still set, in DejaVu Sans
    assert liberation.face_for("\u2713", False, False) == fonts.register(fonts.DEJAVU).name()


_SOURCES = [
    (r"(?<!\w)(?:credits?|kredit)(?!\w)", re.IGNORECASE),
    (r"(\d+(?:[.,]\d+)?)\s?%", 0),
    (r"[.!?]\s+(?=[A-Z])|;\s|\n\s*\n", 0),
]


@given(st.text(alphabet="aCcrEdiT kREDIT s 9.5%;,!?\n\u0130\u0131", max_size=40), st.data())
def test_a_lazy_pattern_finds_what_the_compiled_pattern_finds(
    text: str, data: st.DataObject
) -> None:
    source, flags = data.draw(st.sampled_from(_SOURCES))
    compiled = re.compile(source, flags)
    lazy = LazyPattern(source, flags)
    pos = data.draw(st.integers(0, len(text)))

    def spans(found: object) -> object:
        if found is None or isinstance(found, (str, list)):
            return found
        if isinstance(found, re.Match):
            return (found.span(), found.groups())
        return [(m.span(), m.groups()) for m in found]  # type: ignore[attr-defined]

    # twice: the first call compiles, the second goes to the compiled pattern's methods
    for _ in range(2):
        assert spans(lazy.search(text, pos)) == spans(compiled.search(text, pos))
        assert spans(lazy.match(text, pos)) == spans(compiled.match(text, pos))
        assert spans(lazy.fullmatch(text)) == spans(compiled.fullmatch(text))
        assert spans(lazy.finditer(text, pos)) == spans(compiled.finditer(text, pos))
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.sub("<>", text) == compiled.sub("<>", text)
        assert lazy.split(text) == compiled.split(text)
    assert lazy.pattern == compiled.pattern


def _trie_pattern_one_call_per_character(phrases: list[str]) -> str:
    """``terms.trie_pattern`` as it was written before issue 21: the reference it must equal."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = []
        for char in sorted((c for c in node if c), key=lambda c: (c == " ", c)):
            head = r"\s+" if char == " " else re.escape(char)
            branches.append(head + build(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{build(trie)})"


@given(st.lists(st.text(alphabet="ab c.-\\é?", max_size=6), max_size=8))
def test_the_trie_pattern_is_the_one_written_a_character_at_a_time(phrases: list[str]) -> None:
    assert trie_pattern(phrases) == _trie_pattern_one_call_per_character(phrases)


def test_the_shipped_terms_pattern_is_the_one_written_a_character_at_a_time() -> None:
    terms = list(matcher((), (), "en").terms)
    assert trie_pattern(terms) == _trie_pattern_one_call_per_character(terms)


_IMPORTED_AFTER = """
import sys
from sladoc.cli import main
try:
    main()
finally:
    print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def _run_sladoc(*args: str, cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``sladoc ARGS`` in a fresh process: what it did, and the modules it had imported."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED_AFTER, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    return done, set(done.stderr.splitlines()[-1].split())


def test_a_one_language_check_leaves_out_what_it_does_not_need(tmp_path: Path) -> None:
    """No rule documentation (SARIF's), no pairing of language versions, no TOML parser
    without a configuration file, no JSON for a text report; and the commands that need
    them still have them."""
    agreement = tmp_path / "acme.yaml"
    agreement.write_bytes((ROOT / "agreements" / "acme-cloud-hosting.yaml").read_bytes())
    done, modules = _run_sladoc("check", str(agreement), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not {"sladoc.checks.docs", "sladoc.checks.bilingual", "tomllib", "json"} & modules
    done, modules = _run_sladoc("validate", str(agreement), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "json" not in modules

    done, modules = _run_sladoc("check", str(agreement), "--format", "sarif", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sladoc.checks.docs" in modules
    rules = json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {"SLA000", "SLA101", "SLA401"} <= {rule["id"] for rule in rules}

    bilingual = ROOT / "agreements" / "awan-nusantara-hosting-bilingual.yaml"
    text = bilingual.read_text("utf-8").replace("selama 30 hari", "selama 20 hari", 1)
    assert text != bilingual.read_text("utf-8")
    changed = tmp_path / "bilingual.yaml"
    changed.write_text(text, "utf-8")
    done, modules = _run_sladoc("check", str(changed), "--format", "json", cwd=tmp_path)
    assert "sladoc.checks.bilingual" in modules
    codes = {finding["code"] for finding in json.loads(done.stdout)["findings"]}
    assert "SLA401" in codes, done.stdout


@pytest.mark.parametrize(
    ("pyproject", "found"),
    [
        ('[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n', False),
        ('[project]\ndependencies = ["sladoc"]\n', False),
        ('[tool.sladoc]\nignore = ["SLA1"]\n', True),
        ('tool.sladoc.ignore = ["SLA1"]\n', True),
        ('[tool."\\u0073ladoc"]\nignore = ["SLA1"]\n', True),
        ('[tool."\\U00000073ladoc"]\nignore = ["SLA1"]\n', True),
        ("[tool.'sladoc']\nignore = [\"SLA1\"]\n", True),
        ("not toml at all [", False),
    ],
)
def test_a_pyproject_is_a_configuration_exactly_when_it_has_tool_sladoc(
    tmp_path: Path, pyproject: str, found: bool
) -> None:
    """A pyproject.toml without the word is not parsed; the word spelt with escapes in a
    quoted key still counts."""
    (tmp_path / "pyproject.toml").write_text(pyproject, "utf-8")
    assert find_config(tmp_path) == (tmp_path / "pyproject.toml" if found else None)


_READERS = {
    f"sladoc.checks.prose.{name}"
    for name in ("availability", "claims", "credits", "support", "funnel")
}


@pytest.mark.parametrize(
    ("example", "kind_of_readers"),
    [
        ("acme-cloud-hosting.yaml", _READERS - {"sladoc.checks.prose.funnel"}),
        ("company-x-marketing-sales.yaml", {"sladoc.checks.prose.funnel"}),
        ("company-x-multilevel.yaml", set()),
    ],
)
def test_a_check_imports_the_prose_readers_of_its_kind_only(
    example: str, kind_of_readers: set[str]
) -> None:
    """The funnel's reader is for internal agreements, the others for customer ones."""
    done, modules = _run_sladoc("check", str(ROOT / "agreements" / example))
    assert done.returncode == 0, done.stderr
    assert _READERS & modules == kind_of_readers


# the rules that read prose with a reader imported on first use
_READING_RULES = ["SLA204", "SLA205", "SLA206", "SLA207", "SLA208"]
_READING_RULES += ["SLA307", "SLA308", "SLA309", "SLA310", "SLA311"]


@pytest.mark.parametrize("code", _READING_RULES)
def test_a_rule_whose_reader_is_imported_on_first_use_finds_in_a_fresh_process(
    code: str, tmp_path: Path
) -> None:
    from sladoc.checks.docs import rule_docs

    from .checker_cases import compose

    (doc,) = [doc for doc in rule_docs() if doc.code == code]
    for n, snippet in enumerate(doc.fails):
        path = tmp_path / f"fails-{n}.yaml"
        path.write_text(compose(snippet), "utf-8")
        done, modules = _run_sladoc("check", str(path), "--format", "json", cwd=tmp_path)
        assert _READERS & modules, code
        assert code in {f["code"] for f in json.loads(done.stdout)["findings"]}, done.stdout
