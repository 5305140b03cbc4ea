"""Small vocabularies for tests: a phrase with its areas and lane weights."""

import itertools

from roles.postings.models import LaneWeight, Phrase

_seq = itertools.count(1)


def make_phrase(text=None, *, variants=(), areas=(), lanes=None, kind=Phrase.Kind.WORK, **fields):
    phrase = Phrase.objects.create(
        text=text or f"phrase {next(_seq)}", variants="\n".join(variants), kind=kind, **fields
    )
    phrase.skill_areas.set(areas)
    for role, weight in (lanes or {}).items():
        LaneWeight.objects.create(phrase=phrase, role=role, weight=weight)
    return phrase
