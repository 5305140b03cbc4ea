"""Scoring rules that mutation testing (`make mutate MUTATE_MODULES=roles/fit/scoring.py`) found unpinned.

Pure functions, so each test states its input in full: a profile and the top two roles for the
"what separates them" sentences, a small questionnaire and an answer sheet for the answer swaps.
"""

import itertools

import pytest

from roles.fit import scoring


def dim(slug, value):
    return {
        "slug": slug,
        "name": f"{slug} work",
        "often": f"do {slug} work every day",
        "sometimes": f"do {slug} work now and then",
        "rarely": f"rarely do {slug} work",
        "value": value,
    }


def role(name, targets, importance):
    return {"name": name, "targets": targets, "importance": importance}


def sentences(profile, top, second, **kwargs):
    return [row["sentence"] for row in scoring.separating_dimensions(profile, [top, second], **kwargs)]


@pytest.mark.parametrize(
    ("top_target", "second_target", "words"),
    [
        (4, 3, "Tops do ops work every day; Seconds do ops work now and then."),
        (5, 3, "Tops do ops work every day; Seconds do ops work now and then."),
        (3, 1, "Tops do ops work now and then; Seconds rarely do ops work."),
        (3, 5, "Tops do ops work now and then; Seconds do ops work every day."),
        (2, 4, "Tops rarely do ops work; Seconds do ops work every day."),
    ],
)
def test_targets_4_and_5_read_often_3_sometimes_1_and_2_rarely(top_target, second_target, words):
    # The visitor matches the top role exactly, so only the runner-up loses points here.
    profile = [dim("ops", top_target)]
    top = role("Top", {"ops": top_target}, {"ops": 1})
    second = role("Second", {"ops": second_target}, {"ops": 1})
    assert sentences(profile, top, second) == [f"You rated ops work {top_target} of 5; {words}"]


def test_the_same_phrase_for_both_roles_says_so_in_one_sentence():
    profile = [dim("ops", 5)]
    top = role("Top", {"ops": 5}, {"ops": 3})
    second = role("Second", {"ops": 4}, {"ops": 1})
    assert sentences(profile, top, second) == [
        "You rated ops work 5 of 5; Tops do ops work every day, and so do Seconds, but it counts for more in Top work."
    ]


def test_points_are_what_the_runner_up_loses_minus_what_the_top_role_loses():
    # Value 4: the top role (target 5) loses 1/4 of 100, the runner-up (target 1) 3/4 of 100.
    profile = [dim("ops", 4)]
    top = role("Top", {"ops": 5}, {"ops": 1})
    second = role("Second", {"ops": 1}, {"ops": 1})
    [row] = scoring.separating_dimensions(profile, [top, second])
    assert row["points"] == 50.0


def test_dimensions_nobody_answered_count_for_nothing_and_do_not_end_the_list():
    # "ops" comes first and has no value; the runner-up's importance there must not dilute its
    # loss on "cust" (75 points: gap 3 of 4, all of its answered importance).
    profile = [dim("ops", None), dim("cust", 4)]
    top = role("Top", {"ops": 3, "cust": 4}, {"ops": 0, "cust": 1})
    second = role("Second", {"ops": 3, "cust": 1}, {"ops": 3, "cust": 1})
    [row] = scoring.separating_dimensions(profile, [top, second])
    assert (row["name"], row["points"]) == ("cust work", 75.0)


def test_a_runner_up_whose_dimensions_were_not_answered_loses_nothing_anywhere():
    profile = [dim("ops", None), dim("cust", 5)]
    top = role("Top", {"ops": 3, "cust": 5}, {"ops": 0, "cust": 2})
    second = role("Second", {"ops": 3, "cust": 1}, {"ops": 2, "cust": 0})
    assert scoring.separating_dimensions(profile, [top, second]) == []


def test_a_small_but_real_difference_is_listed():
    # Half a point: the runner-up misses its target by 0.2 on a dimension worth 1 of its 10.
    profile = [dim("ops", 3.2), dim("cust", 3)]
    top = role("Top", {"ops": 3, "cust": 3}, {"ops": 0, "cust": 1})
    second = role("Second", {"ops": 3, "cust": 3}, {"ops": 1, "cust": 9})
    [row] = scoring.separating_dimensions(profile, [top, second])
    assert (row["name"], row["points"]) == ("ops work", 0.5)


def test_at_most_three_dimensions_largest_first():
    slugs = ["a", "b", "c", "d"]
    profile = [dim(slug, 5) for slug in slugs]
    top = role("Top", dict.fromkeys(slugs, 5), dict.fromkeys(slugs, 1))
    second = role("Second", {"a": 4, "b": 1, "c": 3, "d": 2}, dict.fromkeys(slugs, 1))
    rows = scoring.separating_dimensions(profile, [top, second])
    assert [(row["name"], row["points"]) for row in rows] == [("b work", 25.0), ("d work", 18.8), ("c work", 12.5)]


def test_stored_profile_values_are_rounded_to_two_decimals_and_unmeasured_ones_stay_empty():
    content = {"dimensions": [{"slug": "ops"}, {"slug": "cust"}]}
    assert scoring.profile_rows(content, {"ops": 11 / 3, "cust": None}) == [
        {"slug": "ops", "value": 3.67},
        {"slug": "cust", "value": None},
    ]


# Answer swaps, on two roles that pull two dimensions in opposite directions.
SWAP_CONTENT = {
    "dimensions": [{"slug": "cust"}, {"slug": "ops"}],
    "items": [
        {"id": 1, "text": "I like customers.", "loadings": [["cust", 2]]},
        {"id": 2, "text": "I prefer a clear specification.", "loadings": [["cust", -1]]},
        {"id": 3, "text": "I like being on call.", "loadings": [["ops", 1]]},
    ],
    "roles": [
        {"id": 10, "slug": "fde", "name": "FDE", "targets": {"cust": 5, "ops": 3}, "importance": {"cust": 3, "ops": 1}},
        {"id": 11, "slug": "ai", "name": "AI", "targets": {"cust": 2, "ops": 5}, "importance": {"cust": 1, "ops": 3}},
    ],
}


def swaps_of(answers):
    scores = scoring.rank_roles(SWAP_CONTENT, scoring.profile_values(SWAP_CONTENT, answers))
    return scoring.answer_swaps(SWAP_CONTENT, answers, scores)


def swaps(answers):
    """The routes for a close result, as (statement, from, to) per change."""
    return [[(change["item_id"], change["from"], change["to"]) for change in route] for route in swaps_of(answers)]


def test_a_stored_fit_keeps_two_decimals():
    scores = scoring.rank_roles(SWAP_CONTENT, scoring.profile_values(SWAP_CONTENT, {1: 1, 2: 1, 3: 2}))
    assert [(row["slug"], row["fit"], row["score"]) for row in scores] == [("fde", 43.75, 44), ("ai", 41.67, 42)]


def test_two_single_changes_smallest_step_first_then_the_clearest_swap():
    # FDE leads 43.75 to 41.67. Each one-step change below swaps them; on-call 2 -> 3 (AI
    # ahead by 10.4) is clearer than specification 1 -> 2 (by 6.3); on-call 2 -> 4 is a
    # bigger step, however clear.
    assert swaps({1: 1, 2: 1, 3: 2}) == [[(3, 2, 3)], [(2, 1, 2)]]


def test_equal_steps_are_ordered_by_how_clearly_they_swap_not_by_statement():
    # Customers 2 -> 3 (AI ahead by 14.6) before on-call 3 -> 2 (10.4) before specification 2 -> 1 (6.3).
    assert swaps({1: 2, 2: 2, 3: 3}) == [[(1, 2, 3)], [(3, 3, 2)]]


def test_a_swap_can_go_up_to_strongly_agree():
    assert swaps({1: 1, 2: 3, 3: 1}) == [[(3, 1, 2)], [(2, 3, 4)]]
    assert swaps({1: 4, 2: 3, 3: 4}) == [[(3, 4, 3)], [(1, 4, 5)]]


def test_every_proposed_answer_is_on_the_scale_and_swaps_the_top_two():
    labels = dict(scoring.SCALE)  # the result page names each answer from the scale
    for sheet in itertools.product(range(1, 6), repeat=3):
        answers = dict(zip((1, 2, 3), sheet, strict=True))
        scores = scoring.rank_roles(SWAP_CONTENT, scoring.profile_values(SWAP_CONTENT, answers))
        for route in swaps_of(answers):
            assert all(change["to"] in labels and change["to"] != answers[change["item_id"]] for change in route)
            changed = {**answers, **{change["item_id"]: change["to"] for change in route}}
            assert scoring._leader(SWAP_CONTENT, changed) == scores[1]["role_id"]


def one_dimension_of_fifty_statements(heavy):
    """Fifty statements on one dimension (the ``heavy`` ones count double); role A wants 4, B wants 2.

    A leads by 50 x (value - 3) / 2 points, so no single answer moves the value far enough to
    swap a lead of nearly 5 points: every swap takes two changes.
    """
    return {
        "dimensions": [{"slug": "cust"}],
        "items": [
            {"id": n, "text": f"Statement {n}.", "loadings": [["cust", 2 if n in heavy else 1]]} for n in range(1, 51)
        ],
        "roles": [
            {"id": 10, "slug": "a", "name": "A", "targets": {"cust": 4}, "importance": {"cust": 1}},
            {"id": 11, "slug": "b", "name": "B", "targets": {"cust": 2}, "importance": {"cust": 1}},
        ],
    }


@pytest.mark.parametrize(
    ("heavy", "answered", "route"),
    [
        # The two largest first moves tie (statement 1: 5 -> 1, statement 2 counted double: 3 -> 1):
        # the smaller step wins. A tie is left, so the second change needs two more steps;
        # all of those are alike, and the first statement's comes first.
        ({2}, {1: 5, 2: 3, 3: 4, 4: 4, 5: 4}, [(2, 3, 1), (1, 5, 3)]),
        # A second heavy statement: its one step down (3 -> 2) is the clearest of the one-step swaps.
        ({2, 5}, {1: 5, 2: 3, 3: 4, 4: 4, 5: 3}, [(2, 3, 1), (5, 3, 2)]),
    ],
)
def test_when_no_single_change_is_enough_the_route_takes_the_largest_move_then_the_smallest_step(
    heavy, answered, route
):
    content = one_dimension_of_fifty_statements(heavy)
    answers = {n: answered.get(n, 3) for n in range(1, 51)}
    scores = scoring.rank_roles(content, scoring.profile_values(content, answers))
    assert [row["slug"] for row in scores] == ["a", "b"] and scoring.is_close(scores)
    assert scoring.answer_swaps(content, answers, scores) == [
        [{"item_id": item_id, "from": old, "to": new} for item_id, old, new in route]
    ]


def test_the_version_does_not_depend_on_key_order():
    # A snapshot's content comes back from PostgreSQL's jsonb with its keys in another order.
    reordered = {
        "roles": [dict(reversed(list(row.items()))) for row in SWAP_CONTENT["roles"]],
        "items": SWAP_CONTENT["items"],
        "dimensions": SWAP_CONTENT["dimensions"],
    }
    assert scoring.content_version(reordered) == scoring.content_version(SWAP_CONTENT)


def test_a_role_without_a_target_on_a_dimension_is_scored_on_the_others():
    newcomer = {"targets": {"cust": 5}, "importance": {"cust": 2}}  # nothing set for "ops" yet
    assert scoring.role_fit(newcomer, {"cust": 4, "ops": 1}) == 75


def test_a_role_that_no_answered_dimension_matters_to_fits_not_at_all():
    indifferent = {"targets": {"cust": 5, "ops": 3}, "importance": {"cust": 0, "ops": 2}}
    assert scoring.role_fit(indifferent, {"cust": 5, "ops": None}) == 0


def test_a_top_role_without_a_target_on_a_dimension_still_gets_its_sentences():
    # An editor added a dimension and has set it for the runner-up only: the result page must not
    # crash, and the sentence says the dimension does not count for the top role.
    profile = [dim("cust", 5), dim("ops", 1)]
    top = role("Top", {"cust": 5}, {"cust": 2})
    second = role("Second", {"cust": 5, "ops": 5}, {"cust": 2, "ops": 2})
    assert sentences(profile, top, second) == [
        "You rated ops work 1 of 5; Seconds do ops work every day, and it does not count towards Top."
    ]
