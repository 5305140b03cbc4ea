"""A subscriber's choices, made from the link in every email (no login)."""

from django.db import transaction

from roles.models import Role


def lane_choices():
    """The lanes a subscriber can pick: the roles, in the site's order."""
    return Role.objects.published().order_by("display_order", "name")


def set_lanes(*, subscriber, lanes):
    """Keep only the parts for these roles (plus the general ones); an empty choice means all."""
    with transaction.atomic():
        subscriber.lanes.set(lanes)
