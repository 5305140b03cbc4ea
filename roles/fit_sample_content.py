"""Loads the sample role-fit questionnaire.

The questionnaire is one unit (its version, and the check that every role can win, cover
all questions together), so it is loaded only into an empty questionnaire: once any
question exists, editors own it and nothing here adds to it or overwrites it.
"""

from . import fit_sample_data as data
from .fit_models import Choice, ChoiceWeight, Question
from .models import Role


def load(log):
    if Question.objects.exists():
        for _ in data.QUESTIONS:
            log.count("fit question", False)
        return
    roles = {role.slug: role for role in Role.objects.filter(slug__in=_role_slugs())}
    for order, item in enumerate(data.QUESTIONS, start=1):
        question = Question.objects.create(text=item["text"], help_text=item["help_text"], display_order=order)
        log.count("fit question", True)
        for choice_order, (text, weights) in enumerate(item["choices"], start=1):
            choice = Choice.objects.create(question=question, text=text, display_order=choice_order)
            log.count("fit answer", True)
            ChoiceWeight.objects.bulk_create(
                ChoiceWeight(choice=choice, role=roles[slug], weight=weight)
                for slug, weight in weights.items()
                if slug in roles
            )


def _role_slugs():
    return {slug for item in data.QUESTIONS for _, weights in item["choices"] for slug in weights}
