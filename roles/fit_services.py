"""Scoring and workflows for the role-fit questionnaire.

How a result is scored (also explained to visitors on the result page):

* Each choice gives every role a weight from 0 to 5 (editors set them in the admin).
* A role's raw score is the sum of the weights of the chosen answers.
* Its maximum is the sum, over the questions, of the highest weight any choice of that
  question gives the role: the best raw score the questionnaire allows for it.
* The fit score is raw / maximum as a percentage (0-100, rounded half up; 0 when a role
  has no weights at all). Normalising per role keeps a role with fewer weighted answers
  from losing just because it has fewer points on offer.
* Roles are ranked by the unrounded ratio; exact ties go to the lower display order,
  then the name, so the same answers always give the same order.
* Tiers: strong fit from 70, good fit from 45, partial fit below (see fit_models).

The pure functions at the top work on a plain weight matrix (one list of
``{role pk: weight}`` per question), so the admin can test a proposed questionnaire
before it is saved.
"""

import datetime
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from certifications.models import first_certification_row, role_fits_prefetch

from .fit_models import Question, Result, fit_tier, questionnaire_version
from .models import ProjectIdea, RoadmapStep, Role

MIN_QUESTIONS, MAX_QUESTIONS = 8, 12
MIN_CHOICES, MAX_CHOICES = 3, 5
# Up to this many answer combinations the "can every role win?" check tries them all;
# above it, it searches from good starting points (see _search_win).
EXHAUSTIVE_LIMIT = 5000


@dataclass(frozen=True)
class RoleRef:
    pk: int
    slug: str
    name: str
    display_order: int

    @classmethod
    def of(cls, role):
        return cls(role.pk, role.slug, role.name, role.display_order)


# --------------------------------------------------------------------------- pure scoring


def weight_matrix(questions):
    """[[{role pk: weight} per choice] per question] from questions prefetched with_weights()."""
    return [[choice.weight_map() for choice in question.choices.all()] for question in questions]


def role_maximums(matrix, roles):
    return {role.pk: sum(max((w.get(role.pk, 0) for w in choices), default=0) for choices in matrix) for role in roles}


def rank_roles(*, matrix, picks, roles):
    """Score and rank ``roles`` for ``picks`` (one choice index per question), best first."""
    maximums = role_maximums(matrix, roles)
    rows = []
    for role in roles:
        raw = sum(matrix[q][c].get(role.pk, 0) for q, c in enumerate(picks))
        maximum = maximums[role.pk]
        ratio = Fraction(raw, maximum) if maximum else Fraction(0)
        score = min(100, max(0, math.floor(ratio * 100 + Fraction(1, 2))))
        rows.append((ratio, role, {"raw": raw, "max": maximum, "score": score}))
    rows.sort(key=lambda row: (-row[0], row[1].display_order, row[1].name))
    return [
        {
            "role_id": role.pk,
            "slug": role.slug,
            "name": role.name,
            **numbers,
            "tier": fit_tier(numbers["score"]).value,
        }
        for _, role, numbers in rows
    ]


def favourite_picks(*, matrix, roles, target):
    """For each question, the choice that favours ``target`` most.

    Highest weight for the target; among equals, the one giving the strongest other
    role the least; then the first listed.
    """
    picks = []
    for choices in matrix:
        best = max(
            range(len(choices)),
            key=lambda c: (
                choices[c].get(target.pk, 0),
                -max((choices[c].get(r.pk, 0) for r in roles if r != target), default=0),
                -c,
            ),
        )
        picks.append(best)
    return picks


def _wins(matrix, picks, roles, target):
    return rank_roles(matrix=matrix, picks=picks, roles=roles)[0]["role_id"] == target.pk


def _search_win(matrix, roles, target):
    """Answers that put ``target`` on top, or None if none was found.

    Starts from the target's favourite answers and from the answers with the best
    margin over the strongest rival, then improves one question at a time to widen the
    smallest lead over any rival (coordinate ascent). Each candidate is checked with
    rank_roles, so a "yes" is always a real set of answers.
    """
    maximums = role_maximums(matrix, roles)
    rivals = [r for r in roles if r != target]

    def share(weights, role):
        return weights.get(role.pk, 0) / maximums[role.pk] if maximums[role.pk] else 0.0

    def lead(picks):
        mine = sum(share(matrix[q][c], target) for q, c in enumerate(picks))
        return min((mine - sum(share(matrix[q][c], r) for q, c in enumerate(picks)) for r in rivals), default=1.0)

    margin_picks = [
        max(
            range(len(choices)),
            key=lambda c, choices=choices: (
                share(choices[c], target) - max((share(choices[c], r) for r in rivals), default=0)
            ),
        )
        for choices in matrix
    ]
    for start in (favourite_picks(matrix=matrix, roles=roles, target=target), margin_picks):
        picks = list(start)
        best = lead(picks)
        improved = True
        while improved:
            if _wins(matrix, picks, roles, target):
                return picks
            improved = False
            for q, choices in enumerate(matrix):
                for c in range(len(choices)):
                    trial = picks[:q] + [c] + picks[q + 1 :]
                    value = lead(trial)
                    if value > best + 1e-12:
                        picks, best, improved = trial, value, True
        if _wins(matrix, picks, roles, target):
            return picks
    return None


def roles_that_cannot_win(*, matrix, roles):
    """The roles no set of answers puts on top (exact for small questionnaires)."""
    if not matrix or any(not choices for choices in matrix):
        return list(roles[1:])  # with no real answers every score is 0: the first role always wins
    combinations = math.prod(len(choices) for choices in matrix)
    if combinations <= EXHAUSTIVE_LIMIT:
        winners = {
            rank_roles(matrix=matrix, picks=list(picks), roles=roles)[0]["role_id"]
            for picks in itertools.product(*(range(len(choices)) for choices in matrix))
        }
        return [role for role in roles if role.pk not in winners]
    return [role for role in roles if _search_win(matrix, roles, role) is None]


# --------------------------------------------------------------------------- visitors


def questionnaire_for_form():
    questions = list(Question.objects.published().with_choices())
    return questions, questionnaire_version(questions)


def questionnaire_for_scoring():
    questions = list(Question.objects.published().with_weights())
    return questions, questionnaire_version(questions)


@transaction.atomic
def record_result(*, questions, picked, version):
    """Score the answers and store them; ``picked`` maps each question pk to a chosen Choice."""
    roles = [RoleRef.of(role) for role in Role.objects.published()]
    matrix = weight_matrix(questions)
    picks, answers = [], []
    for question in questions:
        choices = list(question.choices.all())
        choice = picked[question.pk]
        picks.append(choices.index(choice))
        answers.append(
            {
                "question_id": question.pk,
                "question": question.text,
                "choice_id": choice.pk,
                "choice": choice.text,
                "weights": {str(role_pk): weight for role_pk, weight in choice.weight_map().items() if weight},
            }
        )
    scores = rank_roles(matrix=matrix, picks=picks, roles=roles)
    return Result.objects.create(
        answers=answers,
        scores=scores,
        top_role_id=scores[0]["role_id"] if scores else None,
        questionnaire_version=version,
    )


def starter_project_order():
    """Starter projects first, then the editors' order."""
    return [
        Case(
            When(difficulty=ProjectIdea.Difficulty.STARTER, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "order",
    ]


def result_roles(*, result):
    """The result's roles that are still published, by pk, each with its first roadmap
    step, starter project and certification fits prefetched: four queries whatever the content."""
    roles = Role.objects.published().filter(pk__in=[row["role_id"] for row in result.scores])
    roles = roles.prefetch_related(
        role_fits_prefetch(),
        Prefetch("roadmap_steps", queryset=RoadmapStep.objects.order_by("order")[:1], to_attr="first_steps"),
        Prefetch(
            "projects", queryset=ProjectIdea.objects.order_by(*starter_project_order())[:1], to_attr="starter_projects"
        ),
    )
    return {role.pk: role for role in roles}


def primary_certification(*, role):
    """The certification to take first for ``role``, or None (reads the prefetched fits)."""
    return first_certification_row([role])[0].certification


def next_step(*, role):
    """One lane, one certification, one project: what to do after the questionnaire."""
    if role is None:
        return None
    return {
        "role": role,
        "certification": primary_certification(role=role),
        "roadmap_step": role.first_steps[0] if role.first_steps else None,
        "project": role.starter_projects[0] if role.starter_projects else None,
    }


# --------------------------------------------------------------------------- editors


def questionnaire_problems(*, questions=None, roles=None):
    """What stops the published questionnaire from working as designed, in plain words."""
    if questions is None:
        questions = list(Question.objects.published().with_weights())
    if roles is None:
        roles = [RoleRef.of(role) for role in Role.objects.published()]
    problems = []
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        problems.append(
            f"{len(questions)} questions are published; the questionnaire is designed for "
            f"{MIN_QUESTIONS} to {MAX_QUESTIONS}."
        )
    role_pks = {role.pk for role in roles}
    for question in questions:
        choices = list(question.choices.all())
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            problems.append(f"“{question}” has {len(choices)} answers; give it {MIN_CHOICES} to {MAX_CHOICES}.")
        for choice in choices:
            if not any(weight for role_pk, weight in choice.weight_map().items() if role_pk in role_pks):
                problems.append(f"The answer “{choice}” (to “{question}”) points to no published role.")
    for role in roles_that_cannot_win(matrix=weight_matrix(questions), roles=roles):
        problems.append(f"No set of answers puts {role.name} on top.")
    return problems


def roles_a_change_would_block(*, question, proposed_choices, publish):
    """Roles that could win before but could not if ``question`` were saved as proposed.

    ``proposed_choices`` holds one {role pk: weight} per remaining choice. Roles that
    already cannot win are left out, so an editor can repair the questionnaire one
    question at a time; questionnaire_problems() keeps listing them.
    """
    roles = [RoleRef.of(role) for role in Role.objects.published()]
    current = list(Question.objects.published().with_weights())
    before = roles_that_cannot_win(matrix=weight_matrix(current), roles=roles)
    after_matrix = weight_matrix(q for q in current if q.pk != question.pk) + ([proposed_choices] if publish else [])
    after = roles_that_cannot_win(matrix=after_matrix, roles=roles)
    return [role for role in after if role not in before]


def fit_statistics(*, days=30, today=None):
    """Completions per day over the last ``days`` days and how often each role came out on top."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    recent = Result.objects.filter(created_at__date__gte=since)
    per_day = dict(
        recent.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk")).values_list("day", "n")
    )
    daily = [
        {"day": day, "results": per_day.get(day, 0)} for day in (since + datetime.timedelta(d) for d in range(days))
    ]
    peak = max((row["results"] for row in daily), default=0)
    for row in daily:
        row["percent"] = round(100 * row["results"] / peak) if peak else 0

    all_time = list(Result.objects.on_top_counts())
    recent_counts = {row["top_role__name"]: row["results"] for row in recent.on_top_counts()}
    total = sum(row["results"] for row in all_time)
    recent_total = sum(row["results"] for row in daily)
    on_top = [
        {
            "role": row["top_role__name"] or "(role deleted)",
            "results": row["results"],
            "percent": round(100 * row["results"] / total),
            "recent": recent_counts.get(row["top_role__name"], 0),
            "recent_percent": round(100 * recent_counts.get(row["top_role__name"], 0) / recent_total)
            if recent_total
            else 0,
        }
        for row in all_time
    ]
    return {
        "days": days,
        "since": since,
        "daily": daily,
        "recent_total": recent_total,
        "total": total,
        "on_top": on_top,
    }
