"""Scoring: normalisation, tiers, ties, and whether every role can win."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roles import fit_services as services
from roles.fit_models import Question, fit_tier
from roles.fit_services import RoleRef, favourite_picks, rank_roles, roles_that_cannot_win
from roles.models import Role

A = RoleRef(1, "a", "Alpha", 0)
B = RoleRef(2, "b", "Beta", 1)
C = RoleRef(3, "c", "Gamma", 2)
ROLES = [A, B, C]


def order(ranking):
    return [row["slug"] for row in ranking]


def test_score_is_raw_over_the_best_the_questionnaire_allows_for_that_role():
    matrix = [
        [{1: 4}, {2: 2}],  # best for Alpha 4, for Beta 2
        [{1: 1, 2: 1}, {2: 2}],  # best for Alpha 1, for Beta 2
    ]
    ranking = rank_roles(matrix=matrix, picks=[0, 0], roles=ROLES)
    rows = {row["slug"]: row for row in ranking}
    assert (rows["a"]["raw"], rows["a"]["max"], rows["a"]["score"]) == (5, 5, 100)
    assert (rows["b"]["raw"], rows["b"]["max"], rows["b"]["score"]) == (1, 4, 25)
    # A role no answer weights scores 0 instead of dividing by zero.
    assert (rows["c"]["max"], rows["c"]["score"]) == (0, 0)
    assert order(ranking) == ["a", "b", "c"]


def test_scores_round_half_up():
    # Beta: 1 of 8 = 12.5% -> 13; Alpha: 7 of 8 = 87.5% -> 88.
    matrix = [[{1: 7, 2: 1}, {2: 8, 1: 8}]]
    rows = {row["slug"]: row["score"] for row in rank_roles(matrix=matrix, picks=[0], roles=[A, B])}
    assert rows == {"a": 88, "b": 13}


def test_exact_ties_go_to_the_lower_display_order_whatever_the_input_order():
    matrix = [[{1: 3, 2: 3, 3: 3, 4: 3}, {1: 1, 2: 1, 3: 1, 4: 1}]]
    for roles in (ROLES, ROLES[::-1], [B, A, C]):
        assert order(rank_roles(matrix=matrix, picks=[0], roles=roles)) == ["a", "b", "c"]
    # Same display order: the name decides.
    twin = RoleRef(4, "aa", "Aardvark", 0)
    assert order(rank_roles(matrix=matrix, picks=[0], roles=[A, twin])) == ["aa", "a"]


def test_ranking_uses_the_unrounded_share_not_the_rounded_score():
    # Beta has 199/250 = 79.6% (shown 80); Alpha 4/5 = 80%: Alpha is ahead though it comes later in order.
    late_alpha = RoleRef(1, "a", "Alpha", 9)
    matrix = [[{1: 4, 2: 199}, {1: 5, 2: 250}]]
    ranking = rank_roles(matrix=matrix, picks=[0], roles=[late_alpha, B])
    assert [row["score"] for row in ranking] == [80, 80]
    assert order(ranking) == ["a", "b"]


@pytest.mark.parametrize(
    ("score", "tier"), [(100, "strong"), (70, "strong"), (69, "good"), (45, "good"), (44, "partial"), (0, "partial")]
)
def test_tiers(score, tier):
    assert fit_tier(score) == tier


def test_favourite_picks_prefer_the_highest_weight_then_the_weakest_rival():
    matrix = [[{1: 3, 2: 3}, {1: 3, 2: 1}, {1: 2}]]
    assert favourite_picks(matrix=matrix, roles=ROLES, target=A) == [1]


def test_a_role_no_answers_can_put_on_top_is_reported():
    # Gamma only ever scores together with Alpha, with the same maximum: at best it ties
    # with Alpha, and the tie goes to Alpha, which comes first in display order.
    matrix = [[{1: 2, 3: 2}, {2: 3}, {2: 1}], [{1: 2, 3: 2}, {2: 2}, {2: 1}]]
    assert roles_that_cannot_win(matrix=matrix, roles=ROLES) == [C]


def test_the_search_agrees_with_the_exhaustive_check(monkeypatch):
    winnable = [[{1: 3}, {2: 3}, {3: 3}], [{1: 1, 2: 2}, {3: 4}, {2: 1}], [{3: 1}, {1: 2}, {2: 5}]]
    broken = [[{1: 2, 3: 2}, {2: 3}, {2: 1}], [{1: 2, 3: 2}, {2: 2}, {2: 1}]]
    exhaustive = [roles_that_cannot_win(matrix=m, roles=ROLES) for m in (winnable, broken)]
    monkeypatch.setattr(services, "EXHAUSTIVE_LIMIT", 0)
    searched = [roles_that_cannot_win(matrix=m, roles=ROLES) for m in (winnable, broken)]
    assert exhaustive == searched == [[], [C]]


def test_an_empty_questionnaire_lets_only_the_first_role_win():
    assert roles_that_cannot_win(matrix=[], roles=ROLES) == [B, C]


# ---------------------------------------------------------------- the sample questionnaire


@pytest.fixture
def sample_matrix(sample_content):
    questions = list(Question.objects.published().with_weights())
    roles = [RoleRef.of(role) for role in Role.objects.published()]
    return services.weight_matrix(questions), roles


def test_sample_questionnaire_has_the_designed_shape(sample_content):
    questions = list(Question.objects.published().with_weights())
    assert 9 <= len(questions) <= 10
    assert all(3 <= len(q.choices.all()) <= 5 for q in questions)
    assert services.questionnaire_problems() == []


def test_sample_favourite_answers_put_each_role_first(sample_matrix):
    matrix, roles = sample_matrix
    assert len(roles) == 5
    for role in roles:
        picks = favourite_picks(matrix=matrix, roles=roles, target=role)
        ranking = rank_roles(matrix=matrix, picks=picks, roles=roles)
        assert ranking[0]["slug"] == role.slug
        assert ranking[0]["tier"] == "strong"
        assert ranking[1]["score"] < ranking[0]["score"]


def test_sample_every_role_can_win_even_with_the_search_only(sample_matrix, monkeypatch):
    matrix, roles = sample_matrix
    monkeypatch.setattr(services, "EXHAUSTIVE_LIMIT", 0)
    assert roles_that_cannot_win(matrix=matrix, roles=roles) == []


def test_loading_the_sample_content_again_leaves_an_edited_questionnaire_alone(sample_content):
    from django.core.management import call_command

    question = Question.objects.first()
    question.text = "Edited by an editor"
    question.save()
    call_command("load_sample_content", stdout=__import__("io").StringIO())
    assert Question.objects.count() == 10
    assert Question.objects.filter(text="Edited by an editor").exists()


weights = st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(0, 5), max_size=3)
# Small enough (at most 5**4 answer sets) for roles_that_cannot_win to try every combination.
matrices = st.lists(st.lists(weights, min_size=3, max_size=5), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(matrix=matrices, data=st.data())
def test_any_answers_rank_every_role_once_with_scores_from_0_to_100(matrix, data):
    picks = [data.draw(st.integers(0, len(choices) - 1)) for choices in matrix]
    ranking = rank_roles(matrix=matrix, picks=picks, roles=ROLES)
    assert sorted(row["slug"] for row in ranking) == ["a", "b", "c"]
    assert all(0 <= row["score"] <= 100 and 0 <= row["raw"] <= row["max"] for row in ranking)
    shares = [row["raw"] / row["max"] if row["max"] else 0 for row in ranking]
    assert shares == sorted(shares, reverse=True)


@settings(max_examples=60, deadline=None)
@given(matrix=matrices)
def test_the_search_never_claims_a_win_the_exhaustive_check_denies(matrix):
    exhaustive = set(roles_that_cannot_win(matrix=matrix, roles=ROLES))
    searched = {role for role in ROLES if services._search_win(matrix, ROLES, role) is None}
    assert exhaustive <= searched
