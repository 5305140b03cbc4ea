"""Scoring, on small hand-made questionnaires: keying, the person's own mean, the match, the stories."""

import random

import pytest

from roles.fit import calibration, scoring

DIMS = [{"slug": s, "name": s, "often": "often", "sometimes": "sometimes", "rarely": "rarely"} for s in "abc"]


def content(roles=None):
    """Three dimensions, each measured by two statements worded one way and one the other."""
    items, n = [], 0
    for dim in "abc":
        for weight in (2, 2, -2):
            n += 1
            items.append({"id": n, "text": f"{dim}{n}", "loadings": [[dim, weight]]})
    roles = roles or [
        {"id": 1, "slug": "x", "name": "X", "targets": {"a": 5, "b": 1, "c": 3}},
        {"id": 2, "slug": "y", "name": "Y", "targets": {"a": 1, "b": 5, "c": 3}},
        {"id": 3, "slug": "z", "name": "Z", "targets": {"a": 3, "b": 3, "c": 5}},
    ]
    return {"edition": scoring.EDITION, "dimensions": DIMS, "items": items, "roles": roles}


def sheet(a, b, c, reversed_=None):
    """Forward statements of each dimension answered a, b, c; the reversed ones as given (default: mirrored)."""
    answers = {}
    for index, value in enumerate((a, b, c)):
        answers[3 * index + 1] = answers[3 * index + 2] = value
        answers[3 * index + 3] = 6 - value if reversed_ is None else reversed_[index]
    return answers


def test_a_reversed_statement_counts_reversed():
    high, low = scoring.leans(content(), sheet(5, 3, 3)), scoring.leans(content(), sheet(1, 3, 3))
    assert high["a"] > 0 > low["a"]
    assert scoring.evaluate(content(), sheet(5, 1, 3))["scores"][0]["role_id"] == 1
    assert scoring.evaluate(content(), sheet(1, 5, 3))["scores"][0]["role_id"] == 2


def test_the_persons_own_mean_is_taken_off_so_agreeing_more_with_everything_moves_nothing():
    base = sheet(4, 2, 3)
    lifted = {item_id: value + 1 for item_id, value in base.items()}
    assert (
        scoring.evaluate(content(), base)["profile"]["standing"]
        == (scoring.evaluate(content(), lifted)["profile"]["standing"])
    )


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_all_the_same_answers_carry_little_information(value):
    scored = scoring.evaluate(content(), dict.fromkeys(range(1, 10), value))
    assert scored["profile"]["little_information"] and scored["profile"]["spread"] == 0
    assert scoring.kind(scored["profile"], scored["scores"]) == "little"


def test_agreeing_with_both_wordings_is_a_contradiction():
    answers = sheet(5, 5, 1, reversed_=[5, 5, 1])
    assert scoring.contradicted(content(), answers) == ["a", "b", "c"]
    assert scoring.evaluate(content(), answers)["profile"]["little_information"]
    assert scoring.contradicted(content(), sheet(5, 1, 3)) == []


def test_a_match_is_one_minus_half_the_mean_squared_gap_on_the_chart():
    c = content()
    for answers in (sheet(5, 1, 3), sheet(2, 4, 5), sheet(4, 4, 1)):
        scored = scoring.evaluate(c, answers)
        you = scored["profile"]["standing"]
        for row in scored["scores"]:
            role = next(r for r in c["roles"] if r["id"] == row["role_id"])
            target = scoring.role_standing(c, role)
            gaps = [(you[s] - target[s]) ** 2 for s in you]
            assert row["match"] == pytest.approx(1 - sum(gaps) / len(gaps) / 2, abs=0.01)
            assert row["band"] == scoring.band(row["match"])


def test_bands():
    assert [scoring.band(m) for m in (1, 0.6, 0.59, 0.3, 0.29, -1)] == [
        "strong",
        "strong",
        "good",
        "good",
        "partial",
        "partial",
    ]


def test_two_lanes_within_the_close_margin_are_a_tie():
    scores = [{"role_id": 1, "match": 0.5}, {"role_id": 2, "match": 0.41}]
    assert scoring.kind({"little_information": False}, scores) == "tie"
    assert scoring.kind({"little_information": False}, [scores[0], {"role_id": 2, "match": 0.4}]) == "clear"


def test_reasons_come_from_the_chart_standings_and_favour_the_first_lane():
    c = content()
    scored = scoring.evaluate(c, sheet(5, 2, 3))
    first, second = (next(r for r in c["roles"] if r["id"] == row["role_id"]) for row in scored["scores"][:2])
    rows = scoring.separations(c, scored["profile"], first, second)
    assert rows
    for row in rows:
        assert abs(row["you"] - row["first"]) < abs(row["you"] - row["second"])
        assert f"you {scoring.number(row['you'])}, X {scoring.number(row['first'])}" in row["sentence"]


def test_each_answers_pull_is_exactly_linear():
    c = content()
    x, y = c["roles"][0], c["roles"][1]
    coefficients = scoring.pull(c, x, y)
    a, b = scoring.role_standing(c, x), scoring.role_standing(c, y)
    rng = random.Random(1)
    for _ in range(20):
        answers = {item["id"]: rng.randint(1, 5) for item in c["items"]}
        lean = scoring.leans(c, answers)
        direct = sum(lean[s] * (a[s] - b[s]) for s in lean)
        assert direct == pytest.approx(sum(coefficients[i] * v for i, v in answers.items()))


def test_telling_statements_point_each_way():
    c = content()
    told = scoring.telling_statements(c, sheet(3, 3, 3), c["roles"][0], c["roles"][1])
    assert [row["role"] for row in told] == ["X", "Y"]
    coefficients = scoring.pull(c, c["roles"][0], c["roles"][1])
    assert coefficients[told[0]["item_id"]] == max(coefficients.values()) > 0
    assert coefficients[told[1]["item_id"]] == min(coefficients.values()) < 0
    # A statement already answered "strongly agree" cannot be agreed with more: the next one is named.
    answers = {**sheet(3, 3, 3), told[0]["item_id"]: 5}
    again = scoring.telling_statements(c, answers, c["roles"][0], c["roles"][1])
    assert again[0]["item_id"] != told[0]["item_id"] and coefficients[again[0]["item_id"]] > 0


def test_the_two_profiles_to_read_are_the_furthest_apart():
    assert [role["slug"] for role in scoring.furthest_apart(content())] == ["x", "y"]


def test_lean_coefficients_match_the_scorer():
    c = content()
    coefficients = calibration.lean_coefficients(c)
    answers = sheet(5, 2, 4)
    lean = scoring.leans(c, answers)
    ids = [item["id"] for item in c["items"]]
    for slug, coef in coefficients.items():
        assert lean[slug] == pytest.approx(sum(k * answers[i] for k, i in zip(coef, ids, strict=True)))
