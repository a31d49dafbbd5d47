"""The wording files: English and Indonesian hold the same keys, every entry renders, and a
bad or hostile template is a TemplateError naming where it is, never a crash or a blank."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from sladoc.agreement.model import Agreement, InternalAgreement
from sladoc.agreement.validate import load_agreement
from sladoc.document.compose import compose
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import walk_text
from sladoc.errors import TemplateError

from .conftest import AGREEMENTS, ROOT

TEMPLATES = ROOT / "templates"
FOLDERS = (
    "common",
    "internal",
    "tiered",
    "customer",
    *(f"layouts/{folder.name}" for folder in sorted((TEMPLATES / "layouts").iterdir())),
)
INDONESIAN_EXAMPLE = ROOT / "agreements" / "contoh-pemasaran-penjualan.yaml"


def _read(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def _pairs() -> list[tuple[str, dict, dict]]:
    return [
        (
            folder,
            _read(TEMPLATES / folder / "wording.yaml"),
            _read(TEMPLATES / folder / "wording.id.yaml"),
        )
        for folder in FOLDERS
    ]


def _load(path: Path) -> Agreement:
    """The agreement at ``path`` in its kind's default layout."""
    return load_agreement(path)[0].model_copy(update={"layout": None})


def _in(agreement: Agreement, language: str) -> Agreement:
    """The agreement in ``language``, drawn in its kind's default layout (whose wording
    these tests read)."""
    return agreement.model_copy(update={"language": language, "layout": None})


def _text(agreement: Agreement, templates: Path = TEMPLATES) -> list[str]:
    return walk_text(compose(agreement, TemplateSet(templates)).blocks)


# --- the files: same keys, same shapes -----------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS)
def test_indonesian_file_has_exactly_the_english_keys(folder: str) -> None:
    english = _read(TEMPLATES / folder / "wording.yaml")
    indonesian = _read(TEMPLATES / folder / "wording.id.yaml")
    assert sorted(set(english) - set(indonesian)) == [], "keys not translated"
    assert sorted(set(indonesian) - set(english)) == [], "keys the English does not have"


@pytest.mark.parametrize("folder", FOLDERS)
def test_indonesian_values_have_the_english_shapes(folder: str) -> None:
    english = _read(TEMPLATES / folder / "wording.yaml")
    indonesian = _read(TEMPLATES / folder / "wording.id.yaml")
    for key, value in english.items():
        other = indonesian[key]
        assert type(other) is type(value), f"{folder}/{key}: {type(other)} vs {type(value)}"
        if isinstance(value, list):
            assert len(other) == len(value), f"{folder}/{key}: list lengths differ"
            assert all(isinstance(item, str) for item in other), f"{folder}/{key}"
        if isinstance(value, dict):
            assert list(other) == list(value), f"{folder}/{key}: mapping keys differ"
            for inner, item in value.items():
                assert type(other[inner]) is type(item), f"{folder}/{key}.{inner}"
                if isinstance(item, list):
                    assert len(other[inner]) == len(item), f"{folder}/{key}.{inner}"


_PARSER = SandboxedEnvironment()


def _variables(source: str) -> set[str]:
    return meta.find_undeclared_variables(_PARSER.parse(source))


@pytest.mark.parametrize("folder", FOLDERS)
def test_translations_use_the_same_values_as_the_english(folder: str) -> None:
    """A translation that drops {{ notice }} loses a term of the contract; one that adds a
    name the composer never passes fails on the first agreement that reaches it."""
    english = _read(TEMPLATES / folder / "wording.yaml")
    indonesian = _read(TEMPLATES / folder / "wording.id.yaml")
    for key, value in english.items():
        if isinstance(value, str):
            assert _variables(indonesian[key]) == _variables(value), f"{folder}/{key}"


def test_every_text_entry_renders_with_its_values() -> None:
    """Each template, given a value for every name it uses, renders to non-empty text."""
    for language, suffix in (("en", ""), ("id", ".id")):
        for kind in ("internal", "tiered", "customer"):
            words = TemplateSet(TEMPLATES).wording(kind, language)
            entries = {
                **_read(TEMPLATES / "common" / f"wording{suffix}.yaml"),
                **_read(TEMPLATES / kind / f"wording{suffix}.yaml"),
            }
            for key, value in entries.items():
                if isinstance(value, str):
                    values = {name: "x" for name in _variables(value)}
                    assert words(key, **values), f"{language}/{kind}/{key} renders empty"


# --- loading: the overlay order -------------------------------------------------------------


def test_indonesian_overlays_english_and_english_fills_gaps(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "tiered" / "wording.id.yaml").unlink()
    common = _read(folder / "common" / "wording.id.yaml")
    del common["heading_reporting"]
    (folder / "common" / "wording.id.yaml").write_text(
        yaml.safe_dump(common, allow_unicode=True), encoding="utf-8"
    )
    words = TemplateSet(folder).wording("tiered", "id")
    assert words("heading_overview") == "Ringkasan Perjanjian"
    assert words("heading_reporting") == "Reporting"  # missing from wording.id.yaml
    assert words("kind_name") == "multi-level service level agreement"  # no tiered/*.id
    assert TemplateSet(folder).wording("tiered", "en")("heading_overview") == "Agreement overview"


def test_kind_wording_in_a_language_overrides_common_wording_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    with (folder / "internal" / "wording.id.yaml").open("a", encoding="utf-8") as handle:
        handle.write("heading_signatures: Pengesahan\n")
    assert TemplateSet(folder).wording("internal", "id")("heading_signatures") == "Pengesahan"
    assert TemplateSet(folder).wording("customer", "id")("heading_signatures") == "Tanda Tangan"


def test_a_language_that_is_not_a_code_is_refused() -> None:
    with pytest.raises(TemplateError):
        TemplateSet(TEMPLATES).wording("internal", "../../etc")


# --- every example composes, in both languages ------------------------------------------------


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_every_example_composes(path: Path, language: str) -> None:
    text = _text(_in(_load(path), language))
    assert text
    assert all(isinstance(piece, str) for piece in text)


def _plain_phrases(data: dict) -> dict[str, str]:
    """key -> fixed text (no template syntax), lists and mappings flattened."""
    out: dict[str, str] = {}
    for key, value in data.items():
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else [(None, value)]
        )
        for inner, item in items:
            if isinstance(item, str) and "{" not in item:
                out[f"{key}.{inner}" if inner is not None else key] = item
    return out


# Words Indonesian contracts write exactly as English ones do.
SAME_IN_BOTH = {"Target", "Final", "-", "April", "September", "November", "%1.%2", "%1.%2.%3"}


def _english_only_phrases() -> set[str]:
    """Every fixed English text, except the few that Indonesian shares."""
    return {
        text for _, english, _ in _pairs() for text in _plain_phrases(english).values()
    } - SAME_IN_BOTH


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_entry_is_left_untranslated(folder: str) -> None:
    english = _plain_phrases(_read(TEMPLATES / folder / "wording.yaml"))
    indonesian = _plain_phrases(_read(TEMPLATES / folder / "wording.id.yaml"))
    same = sorted(
        key
        for key, text in english.items()
        if indonesian.get(key) == text and text not in SAME_IN_BOTH
    )
    assert same == []


def test_indonesian_example_reads_as_indonesian() -> None:
    agreement = _load(INDONESIAN_EXAMPLE)
    assert isinstance(agreement, InternalAgreement)
    assert agreement.language == "id"
    assert agreement.funnel.math.leads_needed == 100
    text = _text(agreement)
    for heading in (
        "Pasal 1 – Ringkasan Perjanjian",
        "Pasal 2 – Tujuan Para Pihak",
        "Pasal 3 – Persyaratan Para Pihak",
        "Pasal 4 – Titik Kontak dan Pelaporan",
        "Pasal 5 – Rencana jika Tujuan Tidak Tercapai",
        "Pasal 6 – Ketentuan Pengakhiran",
        "Pasal 7 – Keadaan Kahar",
        "Tanda Tangan",
    ):
        assert heading in text
    for english in (
        "1. Agreement overview",
        "2. Goals of the Parties",
        "6. Termination",
        "7. Unexpected events",
        "Signatures",
    ):
        assert english not in text
    leaked = sorted(_english_only_phrases() & set(text))
    assert leaked == []
    joined = "\n".join(text)
    assert "1 Januari 2027" in joined
    assert "1 jam kerja" in joined
    assert "USD 5.000" in joined
    assert "12 bulan" in joined


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_no_english_wording_in_any_example_composed_in_indonesian(path: Path) -> None:
    text = set(_text(_in(_load(path), "id")))
    assert sorted(_english_only_phrases() & text) == []


def test_english_examples_stay_english() -> None:
    path = ROOT / "agreements" / "company-x-marketing-sales.yaml"
    text = _text(_load(path))
    assert "1. Agreement overview" in text
    assert "1. Ringkasan Perjanjian" not in text


# --- bad and hostile templates --------------------------------------------------------------


def _copy_with(tmp_path: Path, file: str, key: str, source: str) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / file
    data = _read(path)
    assert key in data
    data[key] = source
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("file", "path"),
    [
        ("common/wording.yaml", ROOT / "agreements" / "company-x-marketing-sales.yaml"),
        ("common/wording.id.yaml", INDONESIAN_EXAMPLE),
    ],
)
def test_undefined_variable_names_the_key_and_the_file(
    tmp_path: Path, file: str, path: Path
) -> None:
    folder = _copy_with(
        tmp_path, file, "termination_notice", "Notice: {{ notice }} and {{ notice_period }}."
    )
    with pytest.raises(TemplateError) as caught:
        compose(_load(path), TemplateSet(folder))
    message = str(caught.value)
    assert "termination_notice" in message
    assert str(folder / file) in message
    assert "notice_period" in message


def test_template_syntax_error_names_the_key_and_the_file(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "internal/wording.id.yaml", "heading_funnel", "Corong {% if %}")
    with pytest.raises(TemplateError) as caught:
        compose(_load(INDONESIAN_EXAMPLE), TemplateSet(folder))
    assert "heading_funnel" in str(caught.value)
    assert str(folder / "internal" / "wording.id.yaml") in str(caught.value)


HOSTILE = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].environ }}",
]


@pytest.mark.parametrize("source", HOSTILE)
@pytest.mark.parametrize(
    ("file", "path"),
    [
        ("common/wording.yaml", ROOT / "agreements" / "company-x-marketing-sales.yaml"),
        ("common/wording.id.yaml", INDONESIAN_EXAMPLE),
        ("customer/wording.yaml", ROOT / "agreements" / "acme-cloud-hosting.yaml"),
    ],
)
def test_hostile_template_is_a_template_error(
    tmp_path: Path, source: str, file: str, path: Path
) -> None:
    key = "heading_services" if file.startswith("customer") else "heading_overview"
    folder = _copy_with(tmp_path, file, key, source)
    with pytest.raises(TemplateError) as caught:
        compose(_load(path), TemplateSet(folder))
    assert key in str(caught.value)
    assert str(folder / file) in str(caught.value)


def test_wrong_shape_is_a_template_error(tmp_path: Path) -> None:
    folder = _copy_with(tmp_path, "common/wording.id.yaml", "months", "Januari")
    with pytest.raises(TemplateError) as caught:
        compose(_load(INDONESIAN_EXAMPLE), TemplateSet(folder))
    assert "months" in str(caught.value)


def test_invalid_yaml_in_a_language_file_is_a_template_error(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "internal" / "wording.id.yaml").write_text("kind_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        compose(_load(INDONESIAN_EXAMPLE), TemplateSet(folder))
    assert "wording.id.yaml" in str(caught.value)


@pytest.mark.parametrize("language", ["en", "id"])
def test_service_credits_without_any_window_compose(language: str) -> None:
    """With no window on the credits or any service, the intro says "a month"; it used to
    look up "month" among the windows and fail with a KeyError."""
    agreement = _load(ROOT / "agreements" / "acme-cloud-hosting.yaml")
    services = [
        s.model_copy(update={"availability": s.availability.model_copy(update={"window": None})})
        for s in agreement.services
    ]
    credits = agreement.service_credits.model_copy(update={"window": None})
    agreement = agreement.model_copy(
        update={"services": services, "service_credits": credits, "language": language}
    )
    phrase = "over a month falls" if language == "en" else "selama satu bulan berada"
    assert any(phrase in text for text in _text(agreement))


# --- no empty sections; numbering computed from the spine ---------------------------------------

LEFT_OUT = (
    "if_goals_missed",
    "termination",
    "unexpected_events",
    "service_credits",
    "claims",
    "plans",
    "clauses",  # they may refer to the clauses left out
    "recitals",
    "general",
)


def _headings_problems(document) -> list[str]:
    """A bare heading (followed by nothing, or by a heading of the same or a higher level),
    and top-level numbers that are not 1, 2, 3, ... in order."""
    from sladoc.document.tree import Heading

    problems = []
    blocks = document.blocks
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        if isinstance(block, Heading) and (
            following is None or (isinstance(following, Heading) and following.level <= block.level)
        ):
            problems.append(f"bare heading {block.text!r}")
    numbers = [
        int(block.text.split(".")[0])
        for block in blocks
        if isinstance(block, Heading) and block.level == 1 and block.text[:1].isdigit()
    ]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"section numbers {numbers}")
    return problems


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("leave_out", [(), LEFT_OUT], ids=["whole", "optional-blocks-left-out"])
def test_no_bare_headings_and_numbers_close_up(path: Path, leave_out, tmp_path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in leave_out:
        data.pop(key, None)
    source = tmp_path / path.name
    source.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    agreement, _ = load_agreement(source)
    document = compose(agreement, TemplateSet.default())
    assert _headings_problems(document) == []
    if leave_out and not any(key in yaml.safe_load(path.read_text("utf-8")) for key in LEFT_OUT):
        return
    texts = [line for line in walk_text(document.blocks)]
    if leave_out:  # the sections that were left out have no heading at all
        wording = TemplateSet.default().wording(agreement.kind, agreement.language)
        for key in (
            "heading_missed",
            "heading_termination",
            "heading_unexpected",
            "heading_general",
        ):
            assert not any(text.endswith(wording(key)) for text in texts), key


def test_generated_agreements_have_no_bare_headings(generate, tmp_path: Path):
    for path in generate.generate(tmp_path, 30, seed=6):
        agreement, _ = load_agreement(path)
        problems = _headings_problems(compose(agreement, TemplateSet.default()))
        assert problems == [], path.name


# --- one defined name per party -------------------------------------------------------------


def _customer_agreements(generate, tmp_path: Path) -> list[Agreement]:
    generate.generate(tmp_path, 30, seed=6)
    loaded = [_load(path) for path in [*AGREEMENTS, *sorted(tmp_path.glob("*.yaml"))]]
    return [agreement for agreement in loaded if agreement.kind == "customer"]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_customer_is_named_in_clauses_as_the_preamble_defines_it(
    generate, tmp_path: Path, language: str
) -> None:
    """The preamble defines the customer by its short name, else by its role as a defined
    term ('Company X (the "Customer")'), an Indonesian one also by its place ('selanjutnya
    disebut "Pelanggan" atau PIHAK KEDUA'); the credit and claim clauses use that term, and
    no later sentence defines a party a second time."""
    checked = 0
    for agreement in _customer_agreements(generate, tmp_path):
        agreement = _in(agreement, language)
        text = " ".join(_text(agreement))
        customer = agreement.party(agreement.customer)
        term = customer.role or customer.name
        if language == "en" and customer.role and not customer.short_name:
            assert f'{customer.name} (the "{customer.role}")' in text, agreement.id
        if language == "id":
            ordinal = ("PERTAMA", "KEDUA", "KETIGA")[agreement.parties.index(customer)]
            term = f"PIHAK {ordinal}"
            called = customer.short_name or customer.role
            introduced = customer.name + (
                f" ({customer.role})" if customer.role and customer.short_name else ""
            )
            named = f'"{called}" atau {term}' if called else term
            assert f"{introduced}, selanjutnya disebut {named}" in text, agreement.id
        for redefined in ("(the Provider)", "(the Customer)", '("Penyedia")', '("Pelanggan")'):
            assert redefined not in text, agreement.id
        if agreement.service_credits is not None:
            assert re.search(
                rf"{term} (receives a (Service Credit|service credit)|menerima)", text
            ), agreement.id
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_service_credit_is_defined_by_what_it_is_owed_for(
    generate, tmp_path: Path, language: str
) -> None:
    """The definition of Service Credit and the sole-remedy clause tie the credits to
    Availability only where they are owed for availability alone; a supplier's credits for
    late or short deliveries, or credits per missed response, are owed for the service
    levels in general, and never name an Availability the contract does not define."""
    from sladoc.document.compose.general import credits_on_availability

    availability, term = {
        "en": ("Availability", "Service Credit"),
        "id": ("Ketersediaan", "Kredit Layanan"),
    }[language]
    seen = set()
    for agreement in _customer_agreements(generate, tmp_path):
        agreement = _in(agreement, language)
        if not any(level.credits for level in agreement.levels()):  # its own or a plan's
            continue
        cells = _text(agreement)
        credit = cells[cells.index(term) + 1]  # the definitions table: term, then meaning
        tied = credits_on_availability(agreement)
        seen.add(tied)
        assert (availability in credit) == tied, (agreement.id, credit)
        if tied:
            assert availability in cells, agreement.id  # defined in a row of its own
    assert seen == {True, False}


def test_a_time_that_names_its_clock_is_not_told_the_clock_again(generate, tmp_path: Path) -> None:
    """In the bullets layout a response or resolution time written "2 business hours" is not
    followed by ", counted in Business Hours"; one written "4 hours" is."""

    tails = 0
    for agreement in _customer_agreements(generate, tmp_path):
        if agreement.support is None:
            continue
        agreement = agreement.model_copy(update={"layout": "bullets"})
        text = " ".join(_text(agreement))
        assert not re.search(r"(business|working|calendar) (hours?|days?), counted", text), (
            agreement.id
        )
        tails += len(re.findall(r"within \d+ (?:hours?|days?|minutes?), counted", text))
    assert tails > 0


def test_the_provider_who_decides_a_claim_is_named_as_the_preamble_defines_it(
    generate, tmp_path: Path
) -> None:
    """A claim the provider decides names the provider by its short name where it has one
    ("Acme determines ..."), else by the role the preamble defines ("The Provider ..."):
    never by a role the preamble did not define, nor with an article before a name."""
    checked = 0
    for agreement in _customer_agreements(generate, tmp_path):
        agreement = _in(agreement, "en")
        if agreement.claims is None:
            continue
        claims = agreement.claims.model_copy(update={"determined_by": "provider"})
        provider = agreement.party(agreement.provider)
        for short_name in (provider.short_name, None):
            party = provider.model_copy(update={"short_name": short_name})
            parties = [party if p.id == party.id else p for p in agreement.parties]
            decided = agreement.model_copy(update={"claims": claims, "parties": parties})
            text = " ".join(_text(decided))
            named = party.short_name or (f"The {party.role}" if party.role else party.name)
            said = rf"{named} determines whether a (Service Credit|service credit) is owed"
            assert re.search(said, text), agreement.id
            assert f"The {party.name} determines" not in text, agreement.id
            checked += 1
    assert checked >= 4


@pytest.mark.parametrize("folder", FOLDERS)
def test_english_wording_uses_the_defined_terms_as_defined(folder: str) -> None:
    """The preamble defines "Agreement", "Party" and "Parties": the contract's own wording
    never says "this agreement" or "the parties" in lower case (a template's logic, inside
    ``{% %}``, may compare values that are spelled so)."""

    undefined = re.compile(
        r"\b(?:this agreement|the parties|each party|either party|other party)\b"
    )
    for key, value in _read(TEMPLATES / folder / "wording.yaml").items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                said = re.sub(r"{%.*?%}", " ", text, flags=re.S)
                assert not undefined.search(said), (folder, key, said)


def test_the_credit_clauses_use_service_credit_as_the_contract_defines_it(
    generate, tmp_path: Path
) -> None:
    """An agreement that owes credits, by itself or in any of its plans, defines Service
    Credit, and the credit and claim clauses of every layout call a credit so: never a bare
    "credit" beside a defined term for the same thing."""
    bare = re.compile(
        r"\b(?:receives a|claims a|whether a|in addition, a) credit\b|\bA credit owed"
        r"|Claiming a credit|\bcredits (?:for any|over the term)"
    )
    checked = 0
    for agreement in _customer_agreements(generate, tmp_path):
        agreement = _in(agreement, "en")
        if not any(level.credits for level in agreement.levels()):
            continue
        for layout in ("formal", "bullets", "stages", "summary"):
            cells = _text(agreement.model_copy(update={"layout": layout}))
            assert "Service Credit" in cells, (agreement.id, layout)  # a definitions row
            found = bare.search(" ".join(cells))
            assert found is None, (agreement.id, layout, found)
            checked += 1
    assert checked > 20
