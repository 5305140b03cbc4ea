"""Pure scoring: profile, fit, ranking, closeness, what separates the top two, and answer swaps."""

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


def test_a_clear_result_has_no_swaps_and_a_close_one_names_the_answers_that_would_swap_it():
    c = content()
    clear = {1: 5, 2: 1, 3: 3}
    assert scoring.answer_swaps(c, clear, scoring.rank_roles(c, scoring.profile_values(c, clear))) == []
    sheets = ({1: a, 2: b, 3: d} for a in range(1, 6) for b in range(1, 6) for d in range(1, 6))
    close = next(sheet for sheet in sheets if scoring.is_close(scoring.rank_roles(c, scoring.profile_values(c, sheet))))
    scores = scoring.rank_roles(c, scoring.profile_values(c, close))
    routes = scoring.answer_swaps(c, close, scores)
    assert routes
    for route in routes:
        changed = {**close, **{change["item_id"]: change["to"] for change in route}}
        assert scoring.rank_roles(c, scoring.profile_values(c, changed))[0]["role_id"] == scores[1]["role_id"]
        assert all(change["from"] == close[change["item_id"]] for change in route)


def test_number_drops_a_trailing_zero():
    assert [scoring.number(v) for v in (4.0, 4.5, 3.6667)] == ["4", "4.5", "3.7"]


def test_the_version_covers_targets_as_well_as_wording():
    c = content()
    changed = content()
    changed["roles"][0]["targets"]["cust"] = 4
    assert scoring.content_version(c) != scoring.content_version(changed)
    assert scoring.content_version(c) == scoring.content_version(content())
