"""Loads the decoder's sample vocabulary from content/phrases.toml.

Creates the phrases that are missing, with their skill areas and lane weights; a phrase that
exists (an editor may have changed it) is left as it is.
"""

from careerhub.core import content
from roles.models import Role, SkillArea

from .models import LaneWeight, Phrase


def load(log):
    rows = content.read(__file__, "phrases")["phrases"]
    areas = {area.slug: area for area in SkillArea.objects.all()}
    roles = {role.slug: role for role in Role.objects.all()}
    existing = {text.lower() for text in Phrase.objects.values_list("text", flat=True)}
    for row in rows:
        if row["text"].lower() in existing:
            log.count("posting phrase", False)
            continue
        phrase = Phrase.objects.create(
            text=row["text"], variants="\n".join(row.get("variants", [])), kind=row.get("kind", Phrase.Kind.WORK)
        )
        phrase.skill_areas.set([areas[slug] for slug in row.get("areas", []) if slug in areas])
        LaneWeight.objects.bulk_create(
            LaneWeight(phrase=phrase, role=roles[slug], weight=weight)
            for slug, weight in row.get("lanes", {}).items()
            if slug in roles
        )
        log.count("posting phrase", True)
