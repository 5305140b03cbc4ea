"""Group permissions granted from data migrations: the Editors group's, and any other group's by name.

Editors are staff in the "Editors" group, not superusers: they manage content,
never users or groups. Each app's migration grants the permissions for its own
models, so a new app only has to add one migration.
"""

EDITORS_GROUP = "Editors"


def grant_editor_permissions(
    apps, app_label, model_names, actions=("add", "change", "delete", "view"), *, group=EDITORS_GROUP
):
    """Give ``group`` (the Editors, unless another group is named) ``actions`` on ``model_names`` of ``app_label``."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; create them now so the
    # grant works on a fresh database.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # the migration-state AppConfigStub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    grantee, _ = Group.objects.get_or_create(name=group)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    missing = set(codenames) - set(perms.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Missing permissions for the {group} group: {sorted(missing)}")
    grantee.permissions.add(*perms)


def revoke_editor_permissions(
    apps, app_label, model_names, actions=("add", "change", "delete", "view"), *, group=EDITORS_GROUP
):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    grantee = Group.objects.filter(name=group).first()
    if grantee:
        codenames = [f"{action}_{model}" for model in model_names for action in actions]
        grantee.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
