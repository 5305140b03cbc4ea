"""Bugs that once passed the questionnaire tests (found by mutation testing), pinned through what a
visitor does: submit /fit/ and read the result page, which names the roles in ranking order."""

import pytest

from roles.fit.services import publish_snapshot
from tests.factories import make_role
from tests.fit.factories import make_dimension, make_item, post_data, set_targets

pytestmark = pytest.mark.django_db


def result_page(client, answers):
    response = client.post("/fit/", post_data(publish_snapshot(), answers))
    assert response.status_code == 303, response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def test_a_draft_role_is_never_scored_however_well_it_fits(client):
    live = make_role(name="Live Engineer")
    draft = make_role(name="Draft Engineer", is_published=False)
    dimension = make_dimension()
    item = make_item({dimension: 1})
    set_targets(live, {dimension: (1, 3)})
    set_targets(draft, {dimension: (5, 3)})  # a perfect match for the answer below
    page = result_page(client, {item.pk: 5})
    assert "Live Engineer" in page
    assert "Draft Engineer" not in page


def test_a_tie_goes_to_the_role_shown_first_not_to_the_name_first_in_the_alphabet(client):
    # Names sort the other way round from the display order, so name-first ordering shows.
    zeta = make_role(name="Zeta Engineer", display_order=1)
    alpha = make_role(name="Alpha Engineer", display_order=2)
    dimension = make_dimension()
    item = make_item({dimension: 1})
    for role in (zeta, alpha):
        set_targets(role, {dimension: (4, 2)})
    page = result_page(client, {item.pk: 4})
    assert page.index("Zeta Engineer") < page.index("Alpha Engineer")
