from django.db import models

# Editors paste addresses without a scheme; Django 6 assumes https, and so do we already.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdminMixin:
    """An admin that shows records but never adds, changes or deletes them (logs, snapshots, history)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
