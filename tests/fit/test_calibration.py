"""Calibration: personas get the right lane; straight sheets name none; random sheets crown no
catch-all; every role can come first (checked exactly, and against brute force on small questionnaires)."""

import itertools
import random

import pytest

from roles.fit import calibration, scoring
from tests.fit.factories import live
from tests.fit.personas import PERSONAS, answers_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(sample_content):
    return live().content


def ranked(content, answers):
    names = {role["id"]: role["slug"] for role in content["roles"]}
    scored = scoring.evaluate(content, answers)
    return [names[row["role_id"]] for row in scored["scores"]], scored


def test_ten_personas_with_clear_preferences_land_on_their_lane(content):
    assert len(PERSONAS) == 10
    table = [(persona, *ranked(content, answers_of(persona, content))) for persona in PERSONAS]
    first_right = sum(slugs[0] == persona.expected for persona, slugs, _ in table)
    top_two_right = sum(persona.expected in slugs[:2] for persona, slugs, _ in table)
    assert first_right >= 9, [(p.name, slugs[0]) for p, slugs, _ in table]
    assert top_two_right == 10
    for persona, slugs, scored in table:
        assert not scored["profile"]["little_information"], persona.name
        assert scoring.kind(scored["profile"], scored["scores"]) == "clear", persona.name
        if slugs[0] == persona.expected:
            assert slugs[1] in persona.acceptable_second, (persona.name, slugs[1])


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_answering_every_statement_alike_carries_little_information(content, value):
    _, scored = ranked(content, {item["id"]: value for item in content["items"]})
    assert scored["profile"]["little_information"]
    assert set(scored["profile"]["standing"].values()) == {0.0}  # agreeing with everything moves nothing
    assert scoring.kind(scored["profile"], scored["scores"]) == "little"


def test_random_sheets_crown_no_catch_all(content):
    report = calibration.random_answers(content)
    assert report["sheets"] == 10_000 and report["seed"] == calibration.RANDOM_SEED
    shares = {row["slug"]: row["share"] for row in report["wins"]}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert all(0.10 <= share <= 0.30 for share in shares.values()), shares
    assert not any(row["drift"] for row in report["wins"])
    assert report["little_share"] < 0.1
    assert calibration.random_answers(content) == report  # fixed seed: the same figures every time


def test_a_catch_all_is_reported_as_drift(content):
    # Flatten every role but one: random answers then favour the one with a shape.
    drifted = {**content, "roles": [dict(role) for role in content["roles"]]}
    for role in drifted["roles"][1:]:
        role["targets"] = {**role["targets"], "customer": 5}
    report = calibration.random_answers(drifted, sheets=2_000)
    assert any(row["drift"] for row in report["wins"])
    assert any("random answer sheets; every role should" in p for p in calibration.problems(drifted, report))


def test_a_number_is_not_stable_enough_to_show_so_the_page_shows_bands(content):
    report = calibration.stability(content, sheets=300)
    assert report["p90"] > calibration.STABLE_POINTS
    assert not report["stable"]


def test_every_role_can_come_first_with_a_checked_witness(content):
    report = calibration.who_can_win(content)
    assert [row["slug"] for row in report] == [role["slug"] for role in content["roles"]]
    for row in report:
        assert row["witness"] is not None, row["name"]
        answers = {int(item_id): value for item_id, value in row["witness"].items()}
        slugs, scored = ranked(content, answers)
        assert slugs[0] == row["slug"]
        matches = [r["match"] for r in scored["scores"]]
        assert matches[0] - matches[1] == pytest.approx(row["lead"], abs=0.01)


def small_content(rng, items=4, dimensions=3, roles=3):
    dims = [{"slug": f"d{d}", "name": f"d{d}", "often": "", "sometimes": "", "rarely": ""} for d in range(dimensions)]
    content = {"dimensions": dims, "items": [], "roles": []}
    for i in range(items):
        dim = i % dimensions if i < dimensions else rng.randrange(dimensions)
        content["items"].append({"id": i + 1, "text": f"s{i}", "loadings": [[f"d{dim}", rng.choice([-2, -1, 1, 2])]]})
    for r in range(roles):
        targets = [rng.randint(1, 5) for _ in dims]
        if len(set(targets)) == 1:
            targets[0] = 6 - targets[0] if targets[0] != 3 else 1
        content["roles"].append(
            {
                "id": r + 1,
                "slug": f"r{r}",
                "name": f"R{r}",
                "targets": {d["slug"]: t for d, t in zip(dims, targets, strict=True)},
            }
        )
    return content


def can_come_first_by_brute_force(content, role_index):
    """Whether some answer sheet gives the role a match above every other role's (not a tie won on order)."""
    ids = [item["id"] for item in content["items"]]
    own = content["roles"][role_index]["id"]
    for sheet in itertools.product(range(1, 6), repeat=len(ids)):
        scores = scoring.evaluate(content, dict(zip(ids, sheet, strict=True)))["scores"]
        if scores[0]["role_id"] == own and scores[0]["match"] > scores[1]["match"]:
            return True
    return False


@pytest.mark.parametrize("seed", range(20))
def test_the_programme_agrees_with_trying_every_answer_sheet(seed):
    content = small_content(random.Random(seed), items=5 if seed % 2 else 4, roles=4 if seed % 3 == 0 else 3)
    for index, row in enumerate(calibration.who_can_win(content)):
        assert (row["witness"] is not None) == can_come_first_by_brute_force(content, index), (seed, index)


def test_a_role_that_cannot_come_first_is_proved_so():
    content = small_content(random.Random(1))
    # The last role copies the first: every sheet ties them, and ties go to the earlier role.
    content["roles"][-1] = {**content["roles"][0], "id": 99, "slug": "copy", "name": "Copy"}
    report = {row["slug"]: row for row in calibration.who_can_win(content)}
    assert report["copy"]["witness"] is None
    assert "No set of answers puts Copy first." in calibration.calibrate(content)["problems"]


def test_calibration_lists_what_is_incomplete(content):
    broken = {
        **content,
        "items": [item for item in content["items"] if item["loadings"][0][1] > 0],
        "roles": [{**role, "reasons": {}} for role in content["roles"]],
    }
    found = calibration.problems(broken)
    assert any("worded the other way round" in problem for problem in found)
    assert any("gives no reason" in problem for problem in found)
    assert calibration.problems(content) == []
