"""Reading a posting with the current vocabulary; the vocabulary comes from Django's cache.

The posting itself is never stored, logged or used in a cache key: it lives in the request only.
"""

from functools import lru_cache

from django.core.cache import cache

from careerhub.cache import content_generation
from roles.models import DimensionCell, Role, SkillLevel

from .models import Phrase
from .reader import Entry, Lane, Reader, Vocabulary

# The comparison dimension whose cells say what interviews for a lane probe.
INTERVIEW_DIMENSION = "interview-focus"
VOCABULARY_TIMEOUT = 60 * 60


def build_vocabulary():
    """The vocabulary as plain data, from the database (six queries whatever its size)."""
    roles = list(Role.objects.published())
    focus = dict(
        DimensionCell.objects.filter(dimension__slug=INTERVIEW_DIMENSION, role__in=roles).values_list("role_id", "text")
    )
    lanes = [
        Lane(
            slug=role.slug,
            name=role.name,
            url=role.get_absolute_url(),
            display_order=role.display_order,
            summary=role.summary,
            interview_focus=focus.get(role.pk, ""),
        )
        for role in roles
    ]
    levels = {}
    for area_slug, role_slug, level in SkillLevel.objects.filter(role__in=roles).values_list(
        "skill_area__slug", "role__slug", "level"
    ):
        levels.setdefault(area_slug, {})[role_slug] = level
    entries = [
        Entry(
            id=phrase.pk,
            text=phrase.text,
            forms=tuple(phrase.forms),  # folded once here, not by every process that builds a reader
            areas=tuple((area.slug, area.name) for area in phrase.skill_areas.all()),
            weights={weight.role.slug: weight.weight for weight in phrase.lane_weights.all()},
            kind=phrase.kind,
        )
        for phrase in Phrase.objects.for_reader()
    ]
    titles = [(role.name, role.slug) for role in roles]
    titles += [(title, role.slug) for role in roles for title in role.also_called_list]
    return Vocabulary(lanes=lanes, entries=entries, levels=levels, titles=titles)


def vocabulary_of(generation):
    """The vocabulary of a content generation: from the cache, else built and cached.

    Any save of a phrase, weight, role, skill level or cell bumps the generation (careerhub.cache.watch),
    so an edit gets a new key at once.
    """
    key = f"postings:vocabulary:{generation}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        vocabulary = build_vocabulary()
        cache.set(key, vocabulary, VOCABULARY_TIMEOUT)
    return vocabulary


@lru_cache(maxsize=1)
def _reader_of(generation):
    # The compiled automaton of one content generation, kept by this process: building it takes
    # longer than a read (see bench/postings.py). Keyed by the generation like the vocabulary, so
    # an edit gives every node a new reader within the generation check.
    return Reader(vocabulary_of(generation))


def current_reader():
    """The reader of the current vocabulary; with the cache down, built for this request (slower, still right)."""
    generation = content_generation()
    return Reader(build_vocabulary()) if generation is None else _reader_of(generation)


def read_posting(*, text):
    """How the posting reads: the lanes ranked, the evidence, the title against the body."""
    return current_reader().read(text)
