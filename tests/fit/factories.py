"""Factories for the role-fit questionnaire: small functions, each making valid rows."""

import itertools

from roles.fit.models import Dimension, Item, Loading, RoleTarget, Snapshot

_seq = itertools.count(1)


def make_dimension(**fields):
    n = next(_seq)
    values = {
        "slug": f"dimension-{n}",
        "name": f"dimension {n}",
        "low_label": "low",
        "high_label": "high",
        "often": "do it often",
        "sometimes": "do it sometimes",
        "rarely": "rarely do it",
        "display_order": n,
    }
    values.update(fields)
    return Dimension.objects.create(**values)


def make_item(loadings, **fields):
    """A published statement; ``loadings`` maps Dimension -> weight (±1, ±2)."""
    n = next(_seq)
    values = {"text": f"I enjoy task number {n}.", "display_order": n}
    values.update(fields)
    item = Item.objects.create(**values)
    for dimension, weight in loadings.items():
        Loading.objects.create(item=item, dimension=dimension, weight=weight)
    return item


def set_targets(role, targets):
    """``targets`` maps Dimension -> target (1-5); each gets a placeholder reason."""
    for dimension, target in targets.items():
        RoleTarget.objects.update_or_create(
            role=role, dimension=dimension, defaults={"target": target, "reason": f"Why {target}."}
        )


def post_data(snapshot, answers):
    """POST data for ``answers`` ({item id: 1-5}), with the snapshot's version."""
    data = {"version": snapshot.version}
    data.update({f"i{item_id}": str(value) for item_id, value in answers.items()})
    return data


def winning_answers(snapshot, slug):
    """The calibration's witness answers for ``slug``: a sheet that puts that role first."""
    row = next(row for row in snapshot.calibration["who_can_win"] if row["slug"] == slug)
    return {int(item_id): value for item_id, value in row["witness"].items()}


def same_answers(snapshot, value=3):
    """Every statement answered alike: 1 all disagree, 3 all neutral, 5 all agree."""
    return {item["id"]: value for item in snapshot.content["items"]}


def live():
    """The latest snapshot, read afresh (with its calibration)."""
    return Snapshot.objects.latest_first().first()


def neutral_answers(snapshot):
    return same_answers(snapshot, 3)
