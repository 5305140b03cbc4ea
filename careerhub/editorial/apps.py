from django.apps import AppConfig

from careerhub.core.permissions import EDITORS


class EditorialConfig(AppConfig):
    """Editors' tools: version history and revert, previews, drafts, scheduled publishing, review queue."""

    name = "careerhub.editorial"
    label = "editorial"
    verbose_name = "Editorial"
    # Editors read and discard drafts; drafts are made from a change form, never added by hand.
    group_permissions = {EDITORS: {"draft": ("view", "delete")}}
