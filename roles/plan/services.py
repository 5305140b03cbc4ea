from django.db import transaction
from django.utils import timezone

from .models import Plan, PlanStep


@transaction.atomic
def start_plan(*, role, known=()):
    """A new plan for ``role``, with the roadmap steps ``known`` marked "known already"."""
    plan = Plan.objects.create(role=role)
    PlanStep.objects.bulk_create(PlanStep(plan=plan, step=step, status=PlanStep.Status.KNOWN) for step in known)
    return plan


@transaction.atomic
def update_plan(*, plan, statuses, hours_per_week):
    """Replace the plan's step statuses and weekly hours with what the visitor sent."""
    plan.hours_per_week = hours_per_week
    plan.touched_at = timezone.now()
    plan.save(update_fields=["hours_per_week", "touched_at"])
    plan.steps.all().delete()
    PlanStep.objects.bulk_create(
        PlanStep(plan=plan, step_id=step_id, status=status) for step_id, status in statuses.items()
    )


def touch_plan(*, plan):
    """Mark the plan as opened, at most once a day (a write per visit would be wasted)."""
    now = timezone.now()
    if (now - plan.touched_at).days >= 1:
        Plan.objects.filter(pk=plan.pk).update(touched_at=now)
        plan.touched_at = now


def prune_plans(*, now=None):
    """Delete plans untouched for 12 months; returns how many went."""
    deleted, by_model = Plan.objects.stale(now).delete()
    return by_model.get(Plan._meta.label, 0)
