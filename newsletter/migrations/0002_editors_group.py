"""Who may do what with the newsletter.

Editors write, preview, test and send issues and see delivery counts. They do NOT see
subscribers: addresses are personal data. Subscriber access is a separate grant: a superuser
adds a person to the "Subscriber managers" group (or gives them the subscriber permissions
one by one). Delivery rows name subscribers, so the admin lists them only to people who can
also view subscribers. (Named "editors_group" so that tests/factories.ensure_editors_group runs
it again after a transactional test has flushed the tables.)
"""

from django.db import migrations

from careerhub.core.permissions import grant_editor_permissions, revoke_editor_permissions

SUBSCRIBER_MANAGERS = "Subscriber managers"
MANAGER_CODENAMES = [
    "view_subscriber",
    "change_subscriber",
    "delete_subscriber",
    "add_subscriber",  # the CSV import
    "export_subscriber",
    "view_delivery",
]


def grant(apps, schema_editor):
    grant_editor_permissions(apps, "newsletter", ["issue"], actions=("add", "change", "delete", "view", "send"))
    grant_editor_permissions(apps, "newsletter", ["delivery"], actions=("view",))
    # The permissions exist now (created by the call above); give managers theirs.
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=SUBSCRIBER_MANAGERS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="newsletter", codename__in=MANAGER_CODENAMES)
    )


def revoke(apps, schema_editor):
    revoke_editor_permissions(apps, "newsletter", ["issue"], actions=("add", "change", "delete", "view", "send"))
    revoke_editor_permissions(apps, "newsletter", ["delivery"], actions=("view",))
    apps.get_model("auth", "Group").objects.filter(name=SUBSCRIBER_MANAGERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
