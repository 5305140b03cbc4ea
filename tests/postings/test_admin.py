"""Editors manage the vocabulary with history, read postings on the test bench and see the calibration."""

import pytest
from reversion.models import Version

from roles.models import Role, SkillArea
from roles.postings.models import Phrase

from .factories import make_phrase

pytestmark = pytest.mark.django_db
BENCH = "/admin/postings/phrase/test-bench/"


def phrase_post(**fields):
    data = {
        "text": "eval harness",
        "variants": "evaluation harness",
        "kind": "work",
        "skill_areas": [],
        "note": "",
        "is_active": "on",
        "lane_weights-TOTAL_FORMS": "0",
        "lane_weights-INITIAL_FORMS": "0",
        "lane_weights-MIN_NUM_FORMS": "0",
        "lane_weights-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_an_editor_adds_a_phrase_with_a_lane_weight_and_it_has_history(editor_client, sample_content):
    role = Role.objects.get(slug="ai-engineer")
    data = phrase_post(
        text="harness of evals",
        variants="",
        skill_areas=[SkillArea.objects.get(slug="evals-observability").pk],
        **{"lane_weights-TOTAL_FORMS": "1", "lane_weights-0-role": role.pk, "lane_weights-0-weight": "4"},
    )
    response = editor_client.post("/admin/postings/phrase/add/", data)
    assert response.status_code == 302, response.context["adminform"].errors
    phrase = Phrase.objects.get(text="harness of evals")
    assert phrase.lane_weights.get().weight == 4
    assert Version.objects.get_for_object(phrase).count() == 1
    assert editor_client.get(f"/admin/postings/phrase/{phrase.pk}/history/").status_code == 200


def test_a_spelling_of_another_phrase_is_refused(editor_client, sample_content):
    response = editor_client.post("/admin/postings/phrase/add/", phrase_post(text="Brand new", variants="Fine tuning"))
    assert response.status_code == 200
    assert "Already a spelling of another phrase: “fine tuning” (fine-tuning)" in response.content.decode()


def test_a_weight_outside_one_to_five_is_refused(editor_client, sample_content):
    role = Role.objects.get(slug="ai-engineer")
    data = phrase_post(
        **{"lane_weights-TOTAL_FORMS": "1", "lane_weights-0-role": role.pk, "lane_weights-0-weight": "9"}
    )
    assert editor_client.post("/admin/postings/phrase/add/", data).status_code == 200
    assert not Phrase.objects.filter(text="eval harness").exists()


def test_the_test_bench_shows_every_match_its_weights_and_the_lane_sums(editor_client, sample_content):
    assert editor_client.get(BENCH).status_code == 200
    text = "Senior AI Engineer\nWe need model routing, semantic caching and an LLM gateway, plus backtesting."
    response = editor_client.post(BENCH, {"posting": text})
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "names <strong>AI Engineer</strong>" in html
    for phrase in ["model routing", "semantic caching", "LLM gateway", "backtesting"]:
        assert f">{phrase}</a>" in html
    assert "AI Engineer 4" in html  # a weight
    assert html.index('data-lane="ai-engineer"') < html.index('data-lane="ml-engineer"')


def test_the_test_bench_says_when_visitors_would_see_too_little_to_go_on(editor_client, sample_content):
    html = editor_client.post(BENCH, {"posting": "Title\nHello there"}).content.decode()
    assert "Too little to go on: visitors are told so" in html


def test_the_calibration_page_shows_accuracy_and_the_confusion_table(editor_client, sample_content):
    html = editor_client.get("/admin/postings/phrase/calibration/").content.decode()
    assert "Right lane first: 30 of 30" in html
    assert "Confusion table" in html and "<strong>6</strong>" in html


def test_a_misread_posting_shows_in_the_calibration(editor_client, sample_content):
    # Without its customer phrases the FDE postings lose their lane.
    Phrase.objects.filter(lane_weights__role__slug="forward-deployed-engineer").update(is_active=False)
    make_phrase("unused")  # any save bumps the content generation, so the reader is rebuilt
    html = editor_client.get("/admin/postings/phrase/calibration/").content.decode()
    assert "Right lane first: 24 of 30" in html
    assert html.split("Read wrongly")[1].count("<td>forward-deployed-engineer</td>") == 6


def test_staff_without_the_permission_cannot_open_the_bench(client, django_user_model, sample_content):
    user = django_user_model.objects.create_user("nobody", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    assert client.get(BENCH).status_code == 403
