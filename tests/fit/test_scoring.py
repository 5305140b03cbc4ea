"""Pure scoring: profile, fit, ranking, closeness, what separates the top two, and answer swaps."""

import itertools

import pytest

from roles.fit import scoring

DIMS = [
    {
        "slug": "cust",
        "name": "customer contact",
        "often": "spend most days with customers",
        "sometimes": "meet customers now and then",
        "rarely": "rarely meet customers",
    },
    {
        "slug": "ops",
        "name": "production work",
        "often": "own production",
        "sometimes": "share production",
        "rarely": "leave production to others",
    },
]


def content(items=None, roles=None):
    return {
        "dimensions": DIMS,
        "items": items
        or [
            {"id": 1, "text": "I like customers.", "loadings": [["cust", 2]]},
            {"id": 2, "text": "I prefer a clear specification.", "loadings": [["cust", -1]]},
            {"id": 3, "text": "I like being on call.", "loadings": [["ops", 1]]},
        ],
        "roles": roles
        or [
            {
                "id": 10,
                "slug": "fde",
                "name": "Forward Deployed Engineer",
                "targets": {"cust": 5, "ops": 3},
                "importance": {"cust": 3, "ops": 1},
            },
            {
                "id": 11,
                "slug": "ai",
                "name": "AI Engineer",
                "targets": {"cust": 2, "ops": 5},
                "importance": {"cust": 1, "ops": 3},
            },
        ],
    }


def test_profile_is_the_weighted_average_with_reversed_items_counted_backwards():
    values = scoring.profile_values(content(), {1: 5, 2: 2, 3: 4})
    assert values == {"cust": pytest.approx((2 * 5 + 1 * (6 - 2)) / 3), "ops": 4}


def test_a_dimension_no_item_measures_counts_for_nothing():
    items = [{"id": 1, "text": "x", "loadings": [["cust", 1]]}]
    values = scoring.profile_values(content(items=items), {1: 5})
    assert values["ops"] is None
    fde = content()["roles"][0]
    assert scoring.role_fit(fde, values) == 100  # only customer contact counts, and it matches


def test_fit_is_100_minus_the_weighted_average_gap_as_a_share_of_4():
    fde, ai = content()["roles"]
    values = {"cust": 4, "ops": 5}
    assert scoring.role_fit(fde, values) == pytest.approx(100 * (1 - (3 * 1 + 1 * 2) / (4 * 4)))
    assert scoring.role_fit(ai, values) == pytest.approx(100 * (1 - (1 * 2 + 3 * 0) / (4 * 4)))
    assert scoring.role_fit(fde, {"cust": 5, "ops": 3}) == 100
    assert scoring.role_fit(fde, {"cust": 1, "ops": 1}) == pytest.approx(100 * (1 - (3 * 4 + 2) / 16))


def test_a_role_without_a_target_on_a_dimension_is_scored_on_the_others():
    newcomer = {"targets": {"cust": 5}, "importance": {"cust": 2}}  # nothing set for "ops" yet
    assert scoring.role_fit(newcomer, {"cust": 4, "ops": 1}) == 75


def test_a_role_that_no_answered_dimension_matters_to_fits_not_at_all():
    indifferent = {"targets": {"cust": 5, "ops": 3}, "importance": {"cust": 0, "ops": 2}}
    assert scoring.role_fit(indifferent, {"cust": 5, "ops": None}) == 0


def test_ranking_is_best_first_and_ties_keep_the_role_order():
    ranking = scoring.rank_roles(content(), {"cust": 5, "ops": 3})
    assert [row["slug"] for row in ranking] == ["fde", "ai"]
    assert ranking[0]["score"] == 100
    twins = content(roles=[{**content()["roles"][1], "id": 1, "slug": "b"}, {**content()["roles"][1], "id": 2}])
    assert [
        row["id"] if "id" in row else row["role_id"] for row in scoring.rank_roles(twins, {"cust": 3, "ops": 3})
    ] == [1, 2]


@pytest.mark.parametrize(("first", "second", "close"), [(80, 75.01, True), (80, 75, False), (80, 60, False)])
def test_close_means_less_than_five_points_apart(first, second, close):
    assert scoring.is_close([{"fit": first}, {"fit": second}]) is close


def test_separating_dimensions_are_explained_in_words_from_the_data():
    c = content()
    answers = {1: 5, 2: 1, 3: 3}
    values = scoring.profile_values(c, answers)
    profile = scoring.profile_rows(c, values)
    scores = scoring.rank_roles(c, values)
    rows = scoring.separating_dimensions(profile, scores)
    # Production work separates them most (AI Engineer: target 5 at importance 3; you rated it 3).
    assert [row["name"] for row in rows] == ["production work", "customer contact"]
    assert rows[0]["points"] == 37.5
    assert rows[1]["sentence"] == (
        "You rated customer contact 5 of 5; Forward Deployed Engineers spend most days with customers; "
        "AI Engineers rarely meet customers."
    )
    assert rows[1]["points"] == 18.8


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


def test_a_top_role_without_a_target_on_a_dimension_still_gets_its_sentences():
    # An editor added a dimension and has set it for the runner-up only: the result page must not
    # crash, and the sentence says the dimension does not count for the top role.
    profile = [dim("cust", 5), dim("ops", 1)]
    top = role("Top", {"cust": 5}, {"cust": 2})
    second = role("Second", {"cust": 5, "ops": 5}, {"cust": 2, "ops": 2})
    assert sentences(profile, top, second) == [
        "You rated ops work 1 of 5; Seconds do ops work every day, and it does not count towards Top."
    ]


def swaps_of(answers):
    c = content()
    return scoring.answer_swaps(c, answers, scoring.rank_roles(c, scoring.profile_values(c, answers)))


def swaps(answers):
    """The routes for a close result, as (statement, from, to) per change."""
    return [[(change["item_id"], change["from"], change["to"]) for change in route] for route in swaps_of(answers)]


def test_a_stored_fit_keeps_two_decimals():
    scores = scoring.rank_roles(content(), scoring.profile_values(content(), {1: 1, 2: 1, 3: 2}))
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


def test_every_close_result_names_changes_from_the_answers_given_to_answers_on_the_scale_that_swap_the_top_two():
    c = content()
    labels = dict(scoring.SCALE)  # the result page names each answer from the scale
    close_sheets = 0
    for sheet in itertools.product(range(1, 6), repeat=3):
        answers = dict(zip((1, 2, 3), sheet, strict=True))
        scores = scoring.rank_roles(c, scoring.profile_values(c, answers))
        routes = swaps_of(answers)
        assert bool(routes) == scoring.is_close(scores)
        close_sheets += bool(routes)
        for route in routes:
            assert all(change["from"] == answers[change["item_id"]] for change in route)
            assert all(change["to"] in labels and change["to"] != change["from"] for change in route)
            changed = {**answers, **{change["item_id"]: change["to"] for change in route}}
            assert scoring.rank_roles(c, scoring.profile_values(c, changed))[0]["role_id"] == scores[1]["role_id"]
    assert close_sheets


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


def test_number_drops_a_trailing_zero():
    assert [scoring.number(v) for v in (4.0, 4.5, 3.6667)] == ["4", "4.5", "3.7"]


def test_the_version_covers_targets_as_well_as_wording():
    c = content()
    changed = content()
    changed["roles"][0]["targets"]["cust"] = 4
    assert scoring.content_version(c) != scoring.content_version(changed)
    assert scoring.content_version(c) == scoring.content_version(content())


def test_the_version_does_not_depend_on_key_order():
    c = content()
    # A snapshot's content comes back from PostgreSQL's jsonb with its keys in another order.
    reordered = {
        "roles": [dict(reversed(list(row.items()))) for row in c["roles"]],
        "items": c["items"],
        "dimensions": c["dimensions"],
    }
    assert scoring.content_version(reordered) == scoring.content_version(c)
