"""Who may do what: each app declares its groups' permissions, granted after every migrate.

Editors are staff in the "Editors" group, not superusers: they manage content, never users or
groups. An app's AppConfig says what its groups may do, model by model:

    group_permissions = {EDITORS: {"role": ALL, "result": VIEW}}

and `grant_declared_permissions` (a post_migrate receiver, so it runs after Django has created
the permissions, and again after a test flushes the tables) creates the groups and adds those
permissions. It only adds: a permission a superuser gave a group by hand is left alone.
"""

from django.core.exceptions import ImproperlyConfigured

EDITORS = "Editors"
SUBSCRIBER_MANAGERS = "Subscriber managers"
ALL = ("add", "change", "delete", "view")
VIEW = ("view",)


def grant_declared_permissions(sender, using="default", **kwargs):
    declared = getattr(sender, "group_permissions", None)
    if not declared:
        return
    from django.contrib.auth.models import Group, Permission

    for name, models in declared.items():
        codenames = {f"{action}_{model}" for model, actions in models.items() for action in actions}
        permissions = Permission.objects.using(using).filter(
            content_type__app_label=sender.label, codename__in=codenames
        )
        missing = codenames - set(permissions.values_list("codename", flat=True))
        if missing:
            raise ImproperlyConfigured(f"{sender.label} grants {name} permissions that do not exist: {sorted(missing)}")
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*permissions)
