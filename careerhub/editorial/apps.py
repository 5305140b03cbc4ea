from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Editors' tools: version history and revert, previews, drafts, scheduled publishing, review queue."""

    name = "careerhub.editorial"
    label = "editorial"
    verbose_name = "Editorial"
