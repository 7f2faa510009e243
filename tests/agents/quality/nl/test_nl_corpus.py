"""The request corpora in tests/data/nl_requests*.yaml: share of requests read exactly right.

All of them are DEVELOPMENT sets: the parser was tuned on their misses, so their scores
overstate how it does on requests nobody has shown it. The first-sight score of a blind
set is the honest figure (see docs/quality_nl.md and benchmarks/nl_accuracy.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

DATA = Path(__file__).parents[3] / "data"
CORPUS = yaml.safe_load((DATA / "nl_requests.yaml").read_text())
# Written by a second author without reading the parser, then used to tune it: development set 2.
DEV2 = yaml.safe_load((DATA / "nl_requests_dev2.yaml").read_text())
#: exact share kept on development set 4 (its first-sight figure was 0.620)
FLOOR_BLIND2 = 0.93
#: development set 5 (nl_blind3.yaml): 43.1% exact at first sight; the floor is what rounds 4-5 of
#: general fixes reached, rounded down (round 11: 90.0%)
FLOOR_BLIND3 = 0.91
#: development set 6 (nl_blind4.yaml): 56.9% exact, 1 inverted at first sight; the floor is
#: what the general fixes of rounds 5-12 reached, rounded down to 0.01 (round 12: 91.2%)
FLOOR_BLIND4 = 0.93
#: development set 7 (nl_blind5.yaml): 77.5% exact, 1 inverted at first sight (round 5);
#: the floor is the score after round 11's general fixes, rounded down (91.2%; round 16: 92.5%)
FLOOR_BLIND5 = 0.93
#: development set 8 (nl_dev8.yaml): 62.1% exact, 0 inverted at first sight (round 6, commit
#: 8e8608d); the floor is what the general fixes of rounds 6-12 reached, rounded down (92.5%;
#: round 23: 93.3%)
FLOOR_DEV8 = 0.94
#: development set 9 (nl_blind6.yaml): 63.1% exact, 1 inverted at first sight (round 6, merge
#: a907257); the floor is what the general fixes of rounds 7-12 reached, rounded down (91.2%)
FLOOR_BLIND6 = 0.92
#: development set 10 (nl_dev10.yaml): 63.7% exact, 2 inverted at first sight (round 7, commit
#: 8834ef6); the floor is the score after round 7's fixes (the two inversions' classes and a
#: few more) and round 8's classes (pasted library code, monitor / chat prose, conditions),
#: rounded down (round 12: 87.9%; round 23: 88.3%)
FLOOR_DEV10 = 0.90
#: development set 11 (nl_blind7.yaml): 70.6% exact, 0 inverted at first sight (rounds 7-8,
#: merge 6613282); the floor is what rounds 9-11's general fixes reached, rounded down (88.1%;
#: round 13: 88.8%)
FLOOR_BLIND7 = 0.91
#: development set 12 (nl_blind8.yaml): 68.1% exact, 0 inverted at first sight (round 9,
#: merge 8c316cb); the floor is what round 10's fixes of its wrong checks reached, rounded
#: down (75.0%), then round 11's general classes (78.8%), round 12's (81.2%), round 13's (83.8%)
#: and round 16's (84.4%)
FLOOR_BLIND8 = 0.88
#: development set 13 (nl_blind9.yaml): 74.4% exact, 0 inverted at first sight (round 11,
#: 3c75c56); the floor is what round 12's general fixes reached, rounded down (81.2%), then
#: round 13's (85.0%; round 16: 85.6%)
FLOOR_BLIND9 = 0.90
#: development set 14 (nl_blind10.yaml): 68.1% exact, 1 inverted at first sight (round 12,
#: d45f897); the floor is what rounds 13-14's general fixes reached, rounded down (77.5%),
#: then round 16's (81.9%) and round 19's (85.0%)
FLOOR_BLIND10 = 0.88
#: development set 15 (nl_blind11.yaml): 65.0% exact, 1 inverted at first sight (round 13,
#: 89d0712); the floor is what round 14's general fixes reached, rounded down (68.1%), then
#: round 15's (72.5%), round 16's (78.8%) and round 18's (80.6%)
FLOOR_BLIND11 = 0.86
#: development set 16 (nl_blind12.yaml): 71.9% exact, 0 inverted at first sight (round 13,
#: 89d0712); the floor is what round 14's general fixes reached, rounded down (77.5%), then
#: round 15's (86.2%), round 16's (89.4%) and round 23's (90.0%)
FLOOR_BLIND12 = 0.91
#: development set 17 (nl_blind13.yaml): 86.9% exact, 0 inverted at first sight (round 15,
#: 0301939); the floor is its first-sight score, then round 16's general fixes (88.8%) and
#: round 24's (89.4%), round 25 (91.9%)
FLOOR_BLIND13 = 0.92
#: development set 18 (nl_blind14.yaml): 75.0% exact, 0 inverted at first sight (round 15,
#: 415e13d); the floor is its first-sight score, then round 16's general fixes (80.0%) and
#: round 18's (83.1%) and round 19's (86.9%)
FLOOR_BLIND14 = 0.91
#: development set 19 (nl_blind15.yaml): 78.1% exact, 0 inverted at first sight (round 16,
#: 476a958); the floor is its first-sight score until fixes raise it, then round 18's (86.2%)
#: and round 25 (89.4%)
FLOOR_BLIND15 = 0.91
#: development set 20 (nl_blind16.yaml): 83.1% exact, 0 inverted at first sight (round 17,
#: 982ecae); the floor is its first-sight score until fixes raise it, then round 18's (91.2%)
#: and round 24's (92.5%)
FLOOR_BLIND16 = 0.93
#: development set 21 (nl_blind17.yaml): 80.6% exact, 0 inverted at first sight (round 18,
#: c0e8a1f); the floor is its first-sight score until fixes raise it, then round 19's (86.9%)
#: and round 22's (87.5%), round 24's (88.1%)
FLOOR_BLIND17 = 0.90
#: development set 22 (nl_blind18.yaml): 74.4% exact, 1 inverted at first sight (round 19,
#: 20835f3); the inverted class fixed at once (75.0%, 0 inverted), then round 20 (75.6%)
#: and round 22 (76.9%), round 23 (78.1%), round 24 (80.6%), round 25 (84.4%)
FLOOR_BLIND18 = 0.88
#: development set 23 (nl_blind19.yaml): 77.5% exact, 1 inverted at first sight (round 20,
#: 9d14837); the inverted class fixed at once (a question proposing an action on some rows):
#: 78.1%, 0 inverted; then round 22 (80.6%), round 23 (82.5%), round 24 (84.4%), round 25
#: (91.9%)
FLOOR_BLIND19 = 0.93
#: development set 24 (nl_blind20.yaml): 76.9% exact, 0 inverted at first sight (round 22,
#: 11273d8); the floor is its first-sight score until fixes raise it, then round 23's (80.6%)
#: and round 24's (85.0%), round 25 (90.6%)
FLOOR_BLIND20 = 0.93
#: development set 25 (nl_blind21.yaml): 79.4% exact, 1 inverted at first sight (round 23,
#: bf5d844); the inverted class fixed at once (a connective before a negative subject, a
#: verbless "never a ..."): 80.0%, 0 inverted; then round 24 (82.5%), round 25 (91.9%)
FLOOR_BLIND21 = 0.93
#: development set 26 (nl_blind22.yaml): 89.4% exact, 0 inverted at first sight (round 24,
#: 0cff62e); the floor is its first-sight score until fixes raise it, then round 25
#: (96.2%)
FLOOR_BLIND22 = 0.96
#: development sets 27-30 (nl_blind23.yaml ... nl_blind26.yaml): first sight on round 25's
#: parser (216f646) 85.6% / 0, 82.5% / 1, 82.5% / 1, 73.1% / 2 inverted; the inverted classes
#: fixed at once (3112d3a): 85.6%, 82.5%, 83.1%, 74.4%, 0 inverted; round 26 (configs and
#: code): 86.2%, 83.1%, 83.8%, 77.5%
FLOOR_BLIND23 = 0.90
FLOOR_BLIND24 = 0.90
FLOOR_BLIND25 = 0.91
FLOOR_BLIND26 = 0.90
#: development sets 31 and 32 (nl_blind27.yaml, nl_blind28.yaml): first sight on round 26's
#: parser (b03b56b) 86.2% / 1 and 77.5% / 1 inverted; the inverted classes fixed at once:
#: 86.9%, 77.5%, 0 inverted
FLOOR_BLIND27 = 0.91
FLOOR_BLIND28 = 0.85
#: development sets 33-36 (nl_blind29.yaml ... nl_blind32.yaml): first sight on round 27's
#: parser (d16dac6) 88.8% / 0, 86.9% / 0, 89.4% / 0, 89.4% / 1 inverted (before round 27, score
#: only: 88.1, 85.6, 87.5, 86.9%); the inverted class fixed at once: 0 inverted
FLOOR_BLIND29 = 0.97
FLOOR_BLIND30 = 0.95
FLOOR_BLIND31 = 0.97
FLOOR_BLIND32 = 0.95
#: development sets 37-40 (nl_blind33.yaml ... nl_blind36.yaml): first sight on round 28's
#: parser (9fdc21b) 85.6% / 0, 85.6% / 1, 86.9% / 1, 85.6% / 0 inverted (before round 28, score
#: only: 85.0, 85.6, 85.6, 85.0%); the inverted class fixed at once: 0 inverted
FLOOR_BLIND33 = 0.95
FLOOR_BLIND34 = 1.00
FLOOR_BLIND35 = 0.96
FLOOR_BLIND36 = 0.98
#: development sets 41-44 (nl_blind37.yaml ... nl_blind40.yaml): first sight on round 29's
#: parser (406115e) 92.5% / 0, 90.6% / 0, 91.9% / 0, 91.2% / 0 inverted (before round 29, score
#: only: 91.2, 88.1, 90.6, 89.4%)
FLOOR_BLIND37 = 0.96
FLOOR_BLIND38 = 0.98
FLOOR_BLIND39 = 0.97
FLOOR_BLIND40 = 0.97
#: development sets 45-48 (nl_blind41.yaml ... nl_blind44.yaml): first sight on round 30's
#: parser (e60b88d) 91.9% / 0, 89.4% / 0, 93.8% / 0, 88.8% / 0 inverted (90.9% over the four);
#: the fix of blind set 44's bad case with a conjunction in it then read one more of set 44
FLOOR_BLIND41 = 0.93
FLOOR_BLIND42 = 0.90
FLOOR_BLIND43 = 0.96
FLOOR_BLIND44 = 0.91
#: development sets 49-52 (nl_blind45.yaml ... nl_blind48.yaml): first sight on round 31's
#: parser (e6ec125) 88.1% / 0, 90.6% / 0, 85.6% / 0, 90.6% / 0 inverted (88.8% over the four)
FLOOR_BLIND45 = 0.91
FLOOR_BLIND46 = 0.90
FLOOR_BLIND47 = 0.87
FLOOR_BLIND48 = 0.91
FIELDS = ("kind", "columns", "min", "max", "values", "format", "pattern", "max_age_seconds", "ref_table",
          "ref_column", "condition")  # fmt: skip


def _key(check: Check) -> str:
    return json.dumps({f: getattr(check, f) for f in FIELDS}, sort_keys=True, default=str)


def outcome(case: dict) -> tuple[bool, str]:
    """(right?, what the parser said) for one corpus entry."""
    try:
        got = parse_request(case["request"], case.get("columns"), model_id="")
    except QualityRequestError as exc:
        return bool(case.get("error")), f"QualityRequestError: {exc}"[:200]
    if case.get("error"):
        return False, f"expected an error, got {[_key(c) for c in got]}"
    want = sorted(_key(Check(**d)) for d in case["expect"])
    have = sorted(_key(c) for c in got)
    return want == have, str(have)


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 60
    kinds = {d["kind"] for case in CORPUS for d in case.get("expect", [])}
    assert kinds == {"not_null", "unique", "range", "accepted_values", "format", "freshness", "row_count",
                     "referential", "custom_sql"}  # fmt: skip
    assert sum(1 for c in CORPUS if c.get("error")) >= 5
    assert sum(1 for c in CORPUS if len(c.get("expect", [])) > 1) >= 5


def _share(name: str, corpus: list[dict], capsys) -> float:
    results = [(case["request"], *outcome(case)) for case in corpus]
    wrong = [(req, said) for req, ok, said in results if not ok]
    share = 1 - len(wrong) / len(results)
    with capsys.disabled():
        print(f"\n{name}: {len(results) - len(wrong)}/{len(results)} exactly right ({share:.1%})")
        for req, said in wrong:
            print(f"  MISS {req!r}: {said}")
    return share


def test_share_of_requests_read_exactly_right(capsys):
    assert _share("nl development set 1", CORPUS, capsys) >= 0.9


def test_dev2_corpus_is_large_and_varied():
    assert len(DEV2) >= 80
    kinds = {d["kind"] for case in DEV2 for d in case.get("expect", [])}
    assert len(kinds) == 9
    assert sum(1 for c in DEV2 if c.get("error")) >= 5


def test_share_of_dev2_requests_read_exactly_right(capsys):
    assert _share("nl development set 2", DEV2, capsys) >= 0.85


@pytest.mark.parametrize(
    "case", [c for c in CORPUS + DEV2 if c.get("error")], ids=lambda c: c["request"][:40]
)
def test_unreadable_requests_quote_the_part_and_list_accepted_forms(case):
    with pytest.raises(QualityRequestError) as exc:
        parse_request(case["request"], case.get("columns"), model_id="")
    msg = str(exc.value)
    assert (
        "accepted forms" in msg
        or "columns are" in msg
        or "valid email" in msg
        or "empty" in msg
        or "write it as" in msg
    )


def _scorer():
    import importlib.util

    path = Path(__file__).parents[4] / "benchmarks" / "nl_accuracy.py"
    spec = importlib.util.spec_from_file_location("nl_accuracy", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_no_set_has_an_inverted_check_and_the_blind_set_stays_read(capsys):
    """Development set 3 was blind until its first run (73.9% exact, 5 inverted checks; see
    docs/quality_nl.md); the parser was then fixed with general rules only."""
    scorer = _scorer()
    for name in ("nl_requests.yaml", "nl_requests_dev2.yaml", "nl_blind.yaml"):
        result = scorer.score(yaml.safe_load((DATA / name).read_text()))
        with capsys.disabled():
            print(f"\n{name}: {result['exact']}/{result['n']} exact, {result['inverted']} inverted")
        assert result["inverted"] == 0, name
        assert result["exact_share"] >= 0.9, name


@pytest.mark.parametrize(
    ("name", "n", "floor", "first_sight"),
    [
        ("nl_blind2.yaml", 234, FLOOR_BLIND2, "62.0% exact, 6 inverted"),
        ("nl_blind3.yaml", 160, FLOOR_BLIND3, "43.1% exact, 3 inverted"),
        ("nl_blind4.yaml", 160, FLOOR_BLIND4, "56.9% exact, 1 inverted"),
        ("nl_blind5.yaml", 160, FLOOR_BLIND5, "77.5% exact, 1 inverted"),
        ("nl_dev8.yaml", 240, FLOOR_DEV8, "62.1% exact, 0 inverted"),
        ("nl_blind6.yaml", 160, FLOOR_BLIND6, "63.1% exact, 1 inverted"),
        ("nl_dev10.yaml", 240, FLOOR_DEV10, "63.7% exact, 2 inverted"),
        ("nl_blind7.yaml", 160, FLOOR_BLIND7, "70.6% exact, 0 inverted"),
        ("nl_blind8.yaml", 160, FLOOR_BLIND8, "68.1% exact, 0 inverted"),
        ("nl_blind9.yaml", 160, FLOOR_BLIND9, "74.4% exact, 0 inverted"),
        ("nl_blind10.yaml", 160, FLOOR_BLIND10, "68.1% exact, 1 inverted"),
        ("nl_blind11.yaml", 160, FLOOR_BLIND11, "65.0% exact, 1 inverted"),
        ("nl_blind12.yaml", 160, FLOOR_BLIND12, "71.9% exact, 0 inverted"),
        ("nl_blind13.yaml", 160, FLOOR_BLIND13, "86.9% exact, 0 inverted"),
        ("nl_blind14.yaml", 160, FLOOR_BLIND14, "75.0% exact, 0 inverted"),
        ("nl_blind15.yaml", 160, FLOOR_BLIND15, "78.1% exact, 0 inverted"),
        ("nl_blind16.yaml", 160, FLOOR_BLIND16, "83.1% exact, 0 inverted"),
        ("nl_blind17.yaml", 160, FLOOR_BLIND17, "80.6% exact, 0 inverted"),
        ("nl_blind18.yaml", 160, FLOOR_BLIND18, "74.4% exact, 1 inverted"),
        ("nl_blind19.yaml", 160, FLOOR_BLIND19, "77.5% exact, 1 inverted"),
        ("nl_blind20.yaml", 160, FLOOR_BLIND20, "76.9% exact, 0 inverted"),
        ("nl_blind21.yaml", 160, FLOOR_BLIND21, "79.4% exact, 1 inverted"),
        ("nl_blind22.yaml", 160, FLOOR_BLIND22, "89.4% exact, 0 inverted"),
        ("nl_blind23.yaml", 160, FLOOR_BLIND23, "85.6% exact, 0 inverted"),
        ("nl_blind24.yaml", 160, FLOOR_BLIND24, "82.5% exact, 1 inverted"),
        ("nl_blind25.yaml", 160, FLOOR_BLIND25, "82.5% exact, 1 inverted"),
        ("nl_blind26.yaml", 160, FLOOR_BLIND26, "73.1% exact, 2 inverted"),
        ("nl_blind27.yaml", 160, FLOOR_BLIND27, "86.2% exact, 1 inverted"),
        ("nl_blind28.yaml", 160, FLOOR_BLIND28, "77.5% exact, 1 inverted"),
        ("nl_blind29.yaml", 160, FLOOR_BLIND29, "88.8% exact, 0 inverted"),
        ("nl_blind30.yaml", 160, FLOOR_BLIND30, "86.9% exact, 0 inverted"),
        ("nl_blind31.yaml", 160, FLOOR_BLIND31, "89.4% exact, 0 inverted"),
        ("nl_blind32.yaml", 160, FLOOR_BLIND32, "89.4% exact, 1 inverted"),
        ("nl_blind33.yaml", 160, FLOOR_BLIND33, "85.6% exact, 0 inverted"),
        ("nl_blind34.yaml", 160, FLOOR_BLIND34, "85.6% exact, 1 inverted"),
        ("nl_blind35.yaml", 160, FLOOR_BLIND35, "86.9% exact, 1 inverted"),
        ("nl_blind36.yaml", 160, FLOOR_BLIND36, "85.6% exact, 0 inverted"),
        ("nl_blind37.yaml", 160, FLOOR_BLIND37, "92.5% exact, 0 inverted"),
        ("nl_blind38.yaml", 160, FLOOR_BLIND38, "90.6% exact, 0 inverted"),
        ("nl_blind39.yaml", 160, FLOOR_BLIND39, "91.9% exact, 0 inverted"),
        ("nl_blind40.yaml", 160, FLOOR_BLIND40, "91.2% exact, 0 inverted"),
        ("nl_blind41.yaml", 160, FLOOR_BLIND41, "91.9% exact, 0 inverted"),
        ("nl_blind42.yaml", 160, FLOOR_BLIND42, "89.4% exact, 0 inverted"),
        ("nl_blind43.yaml", 160, FLOOR_BLIND43, "93.8% exact, 0 inverted"),
        ("nl_blind44.yaml", 160, FLOOR_BLIND44, "88.8% exact, 0 inverted"),
        ("nl_blind45.yaml", 160, FLOOR_BLIND45, "88.1% exact, 0 inverted"),
        ("nl_blind46.yaml", 160, FLOOR_BLIND46, "90.6% exact, 0 inverted"),
        ("nl_blind47.yaml", 160, FLOOR_BLIND47, "85.6% exact, 0 inverted"),
        ("nl_blind48.yaml", 160, FLOOR_BLIND48, "90.6% exact, 0 inverted"),
    ],
)
def test_blind_sets_have_no_inverted_check_and_keep_their_floor(
    capsys, name, n, floor, first_sight
):
    """Development sets 4 to 52 (tests/data/nl_blind2.yaml ... nl_blind48.yaml, nl_dev8.yaml,
    nl_dev10.yaml) were blind until
    their first run (benchmarks/nl_blind*_first_sight.txt); they were then fixed with general
    rules only. No request may be read as a check that lets its bad case through."""
    scorer = _scorer()
    assert name in scorer.DEFAULT_SETS
    cases = yaml.safe_load((DATA / name).read_text())
    assert len(cases) == n
    result = scorer.score(cases)
    with capsys.disabled():
        print(
            f"\n{name}: {result['exact']}/{result['n']} exact, {result['inverted']} inverted"
            f" (first sight: {first_sight})"
        )
    assert result["inverted"] == 0
    assert result["exact_share"] >= floor
