"""Factories for the role-fit questionnaire: small functions, each making valid rows."""

import itertools

from roles.fit_models import Choice, ChoiceWeight, Question

_seq = itertools.count(1)


def make_question(**fields):
    n = next(_seq)
    values = {"text": f"Question {n}?", "display_order": n}
    values.update(fields)
    return Question.objects.create(**values)


def make_choice(question, weights=None, **fields):
    """A choice; ``weights`` maps Role -> weight (zero weights are not stored)."""
    n = next(_seq)
    values = {"text": f"Answer {n}", "display_order": n}
    values.update(fields)
    choice = Choice.objects.create(question=question, **values)
    for role, weight in (weights or {}).items():
        if weight:
            ChoiceWeight.objects.create(choice=choice, role=role, weight=weight)
    return choice


def answers_for(questions, pick):
    """POST data answering every question with ``pick(question) -> Choice``, plus the version."""
    from roles.fit_services import questionnaire_for_form

    _, version = questionnaire_for_form()
    data = {"version": version}
    for question in questions:
        data[f"q{question.pk}"] = str(pick(question).pk)
    return data


def choice_for(question, role):
    """The question's choice that gives ``role`` the highest weight."""
    return max(
        question.choices.all(), key=lambda c: c.weights.filter(role=role).values_list("weight", flat=True).first() or 0
    )
