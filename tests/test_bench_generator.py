"""The benchmark's agreement generator (bench/generate.py): valid agreements of all three
kinds, the same ones for the same seed, so that every benchmark run measures the same work.
(The benchmark itself is bench/run.py; no timing is asserted here.)"""

from __future__ import annotations

import re
from pathlib import Path

from sladoc.agreement.validate import load_agreement

ROOT = Path(__file__).resolve().parent.parent


def test_generated_agreements_are_valid_and_of_every_kind(generate, tmp_path):
    paths = generate.generate(tmp_path, 20, seed=6)
    assert len(paths) == 20
    kinds = set()
    for path in paths:
        agreement, _ = load_agreement(path)  # raises with file:line:col when invalid
        kinds.add(agreement.kind)
        assert path.name == f"{agreement.id}.yaml"
    assert kinds == {"internal", "tiered", "customer"}
    deliveries = [re.search(r"^deliveries:", p.read_text("utf-8"), re.M) for p in paths]
    services = [re.search(r"^services:", p.read_text("utf-8"), re.M) for p in paths]
    assert any(deliveries) and any(services)  # suppliers of goods and online services


def test_same_seed_same_agreements(generate, tmp_path):
    first = [p.read_bytes() for p in generate.generate(tmp_path / "a", 20, seed=6)]
    again = [p.read_bytes() for p in generate.generate(tmp_path / "b", 20, seed=6)]
    other = [p.read_bytes() for p in generate.generate(tmp_path / "c", 20, seed=7)]
    assert first == again
    assert first != other
    # agreement i depends on (seed, i) only: a small corpus is the start of a large one
    assert [generate.agreement(6, i)[1].encode() for i in range(5)] == first[:5]


def test_sizes_and_names_vary(generate):
    texts = [generate.agreement(6, i)[1] for i in range(30)]
    lengths = sorted(len(text.splitlines()) for text in texts)
    assert lengths[-1] > 2 * lengths[0]  # from short agreements to long ones
    titles = {re.search(r"^subtitle: (.*)$", text, re.M).group(1) for text in texts}
    assert len(titles) > 10
