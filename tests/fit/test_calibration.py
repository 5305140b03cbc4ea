"""Calibration: personas get the right role with a clear spread; every role can come first
(checked exactly, and against brute force on small questionnaires); random answers read as close."""

import itertools
import random

import pytest

from roles.fit import calibration, scoring
from tests.fit.factories import live
from tests.fit.personas import PERSONAS, answers_of

pytestmark = pytest.mark.django_db

MIN_SPREAD = 25


@pytest.fixture
def content(sample_content):
    return live().content


def rank(content, answers):
    return scoring.rank_roles(content, scoring.profile_values(content, answers))


def test_ten_personas_with_clear_preferences_get_the_right_role_and_a_clear_ranking(content):
    assert len(PERSONAS) == 10
    table = []
    for persona in PERSONAS:
        ranking = rank(content, answers_of(persona, content))
        table.append((persona, ranking))
    first_right = sum(ranking[0]["slug"] == persona.expected for persona, ranking in table)
    top_two_right = sum(persona.expected in {row["slug"] for row in ranking[:2]} for persona, ranking in table)
    assert first_right >= 9, [(p.name, r[0]["slug"]) for p, r in table]
    assert top_two_right == 10
    for persona, ranking in table:
        assert ranking[0]["fit"] - ranking[-1]["fit"] >= MIN_SPREAD, persona.name
        if ranking[0]["slug"] == persona.expected:
            assert ranking[1]["slug"] in persona.acceptable_second, (persona.name, ranking[1]["slug"])


def test_the_fde_mix_of_customers_and_ai_engineering_puts_fde_first(content):
    persona = next(p for p in PERSONAS if p.name == "Customers plus AI engineering")
    ranking = rank(content, answers_of(persona, content))
    assert [row["slug"] for row in ranking[:2]] == ["forward-deployed-engineer", "ai-engineer"]
    assert not scoring.is_close(ranking)


def test_every_role_can_come_first_with_a_checked_witness(content):
    report = calibration.who_can_win(content)
    assert [row["slug"] for row in report] == [role["slug"] for role in content["roles"]]
    for row in report:
        assert row["witness"] is not None, row["name"]
        answers = {int(item_id): value for item_id, value in row["witness"].items()}
        ranking = rank(content, answers)
        assert ranking[0]["slug"] == row["slug"]
        assert ranking[0]["fit"] - ranking[1]["fit"] == pytest.approx(row["lead"], abs=0.1)


def small_content(rng, items=4, dimensions=3, roles=3):
    dims = [{"slug": f"d{d}", "name": f"d{d}", "often": "", "sometimes": "", "rarely": ""} for d in range(dimensions)]
    content = {"dimensions": dims, "items": [], "roles": []}
    for i in range(items):
        chosen = rng.sample(range(dimensions), rng.choice([1, 2]))
        content["items"].append(
            {"id": i + 1, "text": f"s{i}", "loadings": [[f"d{d}", rng.choice([-2, -1, 1, 2])] for d in chosen]}
        )
    for r in range(roles):
        content["roles"].append(
            {
                "id": r + 1,
                "slug": f"r{r}",
                "name": f"R{r}",
                "targets": {dim["slug"]: rng.randint(1, 5) for dim in dims},
                "importance": {dim["slug"]: rng.randint(0, 3) for dim in dims},
            }
        )
    return content


def brute_force_best_lead(content, role_index):
    """Every answer sheet tried: the exact best lead of one role over all the others."""
    best = None
    ids = [item["id"] for item in content["items"]]
    for sheet in itertools.product(range(1, 6), repeat=len(ids)):
        values = scoring.profile_values(content, dict(zip(ids, sheet, strict=True)))
        fits = [scoring.role_fit(role, values) for role in content["roles"]]
        lead = fits[role_index] - max(f for i, f in enumerate(fits) if i != role_index)
        best = lead if best is None else max(best, lead)
    return best


@pytest.mark.parametrize("seed", range(30))
def test_the_programme_finds_the_same_best_lead_as_trying_every_answer_sheet(seed):
    # Seed 4 is the case where HiGHS's presolve lost the optimum (15 points found as 11.7).
    content = small_content(random.Random(seed), items=5 if seed % 2 else 4, roles=4 if seed % 3 == 0 else 3)
    for index in range(len(content["roles"])):
        if not any(content["roles"][index]["importance"].values()):
            continue
        lead, _ = calibration.best_lead(content, index)
        assert lead == pytest.approx(brute_force_best_lead(content, index), abs=1e-9)


def test_a_role_that_cannot_come_first_is_proved_so():
    content = small_content(random.Random(1))
    # The last role copies the first: every sheet ties them, and ties go to the earlier role.
    content["roles"][-1] = {**content["roles"][0], "id": 99, "slug": "copy", "name": "Copy"}
    report = {row["slug"]: row for row in calibration.who_can_win(content)}
    assert report["copy"]["witness"] is None
    assert report["copy"]["lead"] <= 0
    assert "No set of answers puts Copy first." in calibration.calibrate(content)["problems"]


def test_random_answers_spread_the_wins_and_often_read_as_close(content):
    report = calibration.random_answers(content)
    assert report["sheets"] == 10_000
    shares = {row["slug"]: row["share"] for row in report["wins"]}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert all(share > 0 for share in shares.values())
    assert report["close_share"] >= 0.3  # no consistent preference: the page must often say "too close"
    for row in report["wins"]:
        assert bool(row["why_rare"]) == (row["share"] < calibration.RARE_WIN_SHARE)
    assert calibration.random_answers(content) == report  # fixed seed: the same figures every time


def test_a_role_that_rarely_wins_at_random_is_explained():
    content = small_content(random.Random(3), items=6)
    content["roles"][2]["targets"] = dict.fromkeys(content["roles"][2]["targets"], 5)
    content["roles"][2]["importance"] = dict.fromkeys(content["roles"][2]["importance"], 3)
    rows = {row["slug"]: row for row in calibration.random_answers(content)["wins"]}
    assert rows["r2"]["share"] < calibration.RARE_WIN_SHARE
    assert "from the middle of the scale" in rows["r2"]["why_rare"]


def test_calibration_lists_what_is_incomplete(content):
    content["items"][0]["loadings"] = []
    content["items"] = content["items"][:11]
    problems = calibration.problems(content)
    assert "11 statements are published; the questionnaire is designed for 12 to 20." in problems
    assert any("loads on 0 dimensions" in problem for problem in problems)
