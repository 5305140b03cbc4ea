"""Bugs that once passed the questionnaire tests (found by mutation testing), pinned through what a
visitor does: open /fit/, tick the answers by their wording, submit, read the result page.

Nothing here imports the questionnaire's code (questions come from tests/fit/factories.py:
make_question, make_choice), so these tests keep working while it is rewritten. They rely on the
page's form (radio buttons labelled with the answer's text, hidden fields sent back as they are)
and on the result page naming the roles in ranking order.
"""

from html.parser import HTMLParser

import pytest

from tests.factories import make_role
from tests.fit.factories import make_choice, make_question

pytestmark = pytest.mark.django_db


class FormReader(HTMLParser):
    """The questionnaire form's hidden fields, and each radio button by the text of its label."""

    def __init__(self):
        super().__init__()
        self.hidden, self.radios, self.labels, self._label_for = {}, {}, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") == "radio":
            self.radios[attrs["id"]] = (attrs["name"], attrs["value"])
        elif tag == "label" and attrs.get("for"):
            self._label_for = attrs["for"]

    def handle_data(self, data):
        if self._label_for and data.strip():
            self.labels[data.strip()] = self._label_for
            self._label_for = None


def answer(client, *texts):
    """Submit /fit/ ticking the answers with these texts; the result page's HTML."""
    reader = FormReader()
    reader.feed(client.get("/fit/").content.decode())
    data = dict(reader.hidden)
    for text in texts:
        name, value = reader.radios[reader.labels[text]]
        data[name] = value
    response = client.post("/fit/", data)
    assert response.status_code in (302, 303), response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def question(text, *choices):
    """A published question; ``choices`` are (text, {role: weight})."""
    asked = make_question(text=text)
    for choice_text, weights in choices:
        make_choice(asked, weights, text=choice_text)


def test_a_draft_role_is_never_scored_however_well_it_fits(client):
    live = make_role(name="Live Engineer")
    draft = make_role(name="Draft Engineer", is_published=False)
    question("What do you enjoy?", ("Shipping features", {draft: 3, live: 1}), ("Reading papers", {live: 2}))
    question("Where do you work?", ("In a product team", {draft: 3, live: 1}), ("In a lab", {live: 2}))
    page = answer(client, "Shipping features", "In a product team")
    assert "Live Engineer" in page
    assert "Draft Engineer" not in page


def test_a_tie_goes_to_the_role_shown_first_not_to_the_name_first_in_the_alphabet(client):
    # Names sort the other way round from the display order, so name-first ordering shows.
    zeta = make_role(name="Zeta Engineer", display_order=1)
    alpha = make_role(name="Alpha Engineer", display_order=2)
    question("What do you enjoy?", ("Both equally", {zeta: 2, alpha: 2}), ("Neither", {}))
    page = answer(client, "Both equally")
    assert page.index("Zeta Engineer") < page.index("Alpha Engineer")


def test_with_the_same_display_order_a_tie_goes_to_the_name_first_in_the_alphabet(client):
    beta = make_role(name="Beta Engineer", display_order=1)
    alpha = make_role(name="Alpha Engineer", display_order=1)
    question("What do you enjoy?", ("Both equally", {beta: 2, alpha: 2}), ("Neither", {}))
    page = answer(client, "Both equally")
    assert page.index("Alpha Engineer") < page.index("Beta Engineer")
