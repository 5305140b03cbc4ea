import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from careerhub.core.permissions import EDITORS_GROUP


class Command(BaseCommand):
    help = (
        "Make sure an editor account exists (staff, in the Editors group, not a superuser). "
        "A new account gets a random password, printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--reset-password", action="store_true", help="Give an existing editor a new password.")

    def handle(self, *args, username, reset_password, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        if created or reset_password:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            self.stdout.write(
                self.style.SUCCESS(f"Editor login for /admin/: username '{username}', password '{password}'")
            )
        else:
            user.save()
            self.stdout.write(
                f"Editor '{username}' already exists. For a new password run: "
                f"python manage.py ensure_editor --username {username} --reset-password"
            )
