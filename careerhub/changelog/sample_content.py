"""Loads the changelog's sample entries from careerhub/changelog/content/changes.toml (never overwrites)."""

from careerhub.core import content

from .models import Entry


def load(log):
    for item in content.read(__file__, "changes")["changes"]:
        _, created = Entry.objects.get_or_create(
            date=item["date"], title=item["title"], defaults={"note": item["note"], "link": item.get("link", "")}
        )
        log.count("changelog entry", created)
