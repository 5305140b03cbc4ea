"""Migrations of the questionnaire keep every result: fit 0004 makes results point to the snapshot
they answered instead of carrying a copy of it; after 0006 (the third edition) such a result is shown
from what it stored, as an earlier edition."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError

from roles.fit import pages
from roles.fit.models import Result, Snapshot


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest():
    """The latest migrations, migrated to again afterwards: the other tests expect that database."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield leaves
    migrate(leaves)


CONTENT = {
    "dimensions": [
        {"slug": s, "name": s.title(), "low": "low", "high": "high", "often": "o", "sometimes": "s", "rarely": "r"}
        for s in ("model", "customer")
    ],
    "items": [
        {"id": 11, "text": "I like tuning a model.", "loadings": [["model", 1]]},
        {"id": 12, "text": "I like meeting customers.", "loadings": [["customer", 1]]},
    ],
    "roles": [
        {"id": 1, "slug": "ml", "name": "ML", "targets": {"model": 5, "customer": 1}, "importance": {"model": 3}},
        {"id": 2, "slug": "fde", "name": "FDE", "targets": {"model": 3, "customer": 5}, "importance": {"customer": 3}},
    ],
}
# What a result held before 0004: the snapshot's wording, labels, targets and importances copied in.
FULL = {
    "answers": [
        {"item_id": 11, "text": "I like tuning a model.", "value": 4},
        {"item_id": 12, "text": "I like meeting customers.", "value": 4},
    ],
    "profile": [{**CONTENT["dimensions"][0], "value": 4.0}, {**CONTENT["dimensions"][1], "value": 4.0}],
    "scores": [
        {
            **{k: CONTENT["roles"][1][k] for k in ("slug", "name", "targets", "importance")},
            "role_id": 2,
            "fit": 75.0,
            "score": 75,
        },
        {
            **{k: CONTENT["roles"][0][k] for k in ("slug", "name", "targets", "importance")},
            "role_id": 1,
            "fit": 75.0,
            "score": 75,
        },
    ],
    "swaps": [[{"item_id": 11, "text": "I like tuning a model.", "from": 4, "to": 5}]],
}


@pytest.mark.django_db(transaction=True)
def test_results_keep_their_page_when_they_stop_carrying_the_snapshot(latest):
    check_the_slimming(latest)


def check_the_slimming(latest):
    old = migrate([("fit", "0003_editors")])
    snapshot = old.get_model("fit", "Snapshot").objects.create(
        version="0123456789abcdef", content=CONTENT, calibration={}, published_at=datetime.datetime.now(datetime.UTC)
    )
    result_id = uuid.uuid4()
    old.get_model("fit", "Result").objects.create(
        id=result_id, edition=2, questionnaire_version=snapshot.version, **FULL
    )

    new = migrate(latest)
    stored = new.get_model("fit", "Result").objects.get(pk=result_id)
    assert stored.snapshot_id == snapshot.pk
    assert stored.answers == {"11": 4, "12": 4}
    assert stored.profile == {"model": 4.0, "customer": 4.0}
    assert stored.scores == [{"role_id": 2, "fit": 75.0, "score": 75}, {"role_id": 1, "fit": 75.0, "score": 75}]
    assert stored.swaps == [[{"item_id": 11, "from": 4, "to": 5}]]
    # Its snapshot is of an earlier edition: the page is built from what it stored, with no scoring.
    result = Result.objects.select_related("snapshot").get(pk=result_id)
    assert result.is_earlier_edition
    page = pages.earlier_page(result, {})
    assert [(row["name"], row["score"]) for row in page["ranking"]] == [("FDE", 75), ("ML", 75)]
    assert page["rows"] == [
        {"name": "Model", "you": "4.0", "targets": [3, 5]},
        {"name": "Customer", "you": "4.0", "targets": [5, 1]},
    ]
    assert result.answer_rows() == FULL["answers"]
    with pytest.raises(ProtectedError):
        Snapshot.objects.filter(pk=snapshot.pk).delete()
    # What a worker still running the earlier code would store is refused, not kept unreadable.
    with pytest.raises(IntegrityError), transaction.atomic():
        new.get_model("fit", "Result").objects.create(questionnaire_version=snapshot.version, **FULL)

    # And back again: the copies return.
    old = migrate([("fit", "0003_editors")])
    restored = old.get_model("fit", "Result").objects.get(pk=result_id)
    assert {field: getattr(restored, field) for field in FULL} == FULL
