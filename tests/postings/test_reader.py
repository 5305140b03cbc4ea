"""How a posting is read: phrases and their spellings, whole words, one count per phrase, the
title line, near-miss titles, seniority, and too little to go on."""

import pytest

from roles.postings import reader, services
from tests.factories import make_cell, make_dimension, make_role, make_skill_area, make_skill_level

from .factories import make_phrase

pytestmark = pytest.mark.django_db


@pytest.fixture
def lanes(db):
    ml = make_role(name="ML Engineer", slug="ml-engineer", display_order=1, also_called="Machine Learning Engineer")
    fde = make_role(name="Forward Deployed Engineer", slug="forward-deployed-engineer", display_order=2)
    return ml, fde


def read(text):
    return services.read_posting(text=text)


def test_spellings_hyphens_case_and_plurals_all_count_for_one_phrase(lanes):
    ml, _ = lanes
    make_phrase("fine-tuning", variants=["finetune"], lanes={ml: 3})
    found = [match.surface for text, match in read("Fine Tuning, FINETUNE and fine-tunings.").segments if match]
    assert found == ["Fine Tuning", "FINETUNE", "fine-tunings"]


def test_a_phrase_matches_whole_words_only(lanes):
    ml, _ = lanes
    make_phrase("rag", lanes={ml: 3})
    assert read("Body\nWe need storage and leverage.").evidence == []


def test_repeating_a_phrase_counts_it_once(lanes):
    ml, fde = lanes
    make_phrase("backtesting", lanes={ml: 2})
    make_phrase("customers", lanes={fde: 3})
    reading = read("Title line\n" + "backtesting " * 20 + "customers")
    points = {score.lane.slug: score.points for score in reading.ranking}
    assert points == {"ml-engineer": 2.0, "forward-deployed-engineer": 3.0}
    assert reading.evidence[0].count == 1 and reading.evidence[1].count == 20


def test_the_longest_of_overlapping_phrases_wins(lanes):
    ml, fde = lanes
    make_phrase("model", lanes={fde: 1})
    make_phrase("model registry", lanes={ml: 4})
    assert [item.entry.text for item in read("Title\nA model registry.").evidence] == ["model registry"]


def test_skill_areas_give_lanes_a_share_by_their_level(lanes):
    ml, fde = lanes
    area = make_skill_area(slug="maths")
    make_skill_level(ml, area, 5)
    make_skill_level(fde, area, 1)
    make_phrase("statistics", areas=[area])
    points = {score.lane.slug: score.points for score in read("Title\nstatistics").ranking}
    assert points == {"ml-engineer": 1.0, "forward-deployed-engineer": 0.2}


def test_the_title_line_is_read_apart_and_names_its_lane(lanes):
    ml, fde = lanes
    make_phrase("machine learning", lanes={ml: 3})
    reading = read("Job title: Senior Machine Learning Engineer\nWork with customers.")
    assert reading.title == "Senior Machine Learning Engineer"
    assert reading.title_lane == services.current_reader().lanes["ml-engineer"]
    assert reading.title_match == "Machine Learning Engineer"
    assert reading.evidence == []  # the title's words are not body evidence
    assert [score.title_points for score in reading.ranking] == [reader.TITLE_POINTS, 0]


def test_a_near_miss_title_is_recognised_but_a_different_one_is_not(lanes):
    assert read("Machine Learnig Engineer\nbody").title_lane.slug == "ml-engineer"
    assert read("AI Engineer\nbody").title_lane is None  # one letter from "ML Engineer" is another job


def test_seniority_from_years_and_level_words():
    assert reader._seniority("At least 6+ years of Python.", None)[1] == "Senior"
    assert reader._seniority("We want a principal engineer.", None)[1] == "Staff or principal"
    assert reader._seniority("2-3 years of experience", None) == (["2-3 years"], "Mid-level")
    assert reader._seniority("Great for a new grad.", None)[1] == "Early career"
    assert reader._seniority("Lead the design of our APIs.", None) == ([], None)
    assert reader._seniority("x", "Lead AI Engineer")[1] == "Senior"


def test_too_few_phrases_is_too_little_to_go_on(lanes):
    ml, fde = lanes
    for text in ["training", "feature store", "backtesting"]:
        make_phrase(text, lanes={ml: 3})
    assert not read("Title\ntraining and a feature store").enough
    reading = read("Title\ntraining, a feature store and backtesting")
    assert reading.enough and reading.top.lane.slug == "ml-engineer"
    assert reading.top.band == "strong"


def test_the_interview_focus_comes_from_the_comparison_cell(lanes):
    ml, _ = lanes
    make_cell(make_dimension(slug="interview-focus"), ml, "Leakage and evaluation.")
    assert services.current_reader().lanes["ml-engineer"].interview_focus == "Leakage and evaluation."


def test_an_unpublished_role_is_no_lane(lanes):
    make_role(slug="hidden", is_published=False)
    assert set(services.current_reader().lanes) == {"ml-engineer", "forward-deployed-engineer"}


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\ufffd\ufffd" * 500,
        "<script>alert(1)</script><b>training</b>",
        "Ingeniero de aprendizaje automático\nEntrenar modelos, canalizaciones de datos y despliegue.",
        "机器学习工程师\n负责模型训练和数据管道。",
        "İİİ ǅ ß ﬁ" * 100,  # characters whose lower case is longer than they are
        "\n\n\n   \n",
        "x" * 20_000,
    ],
)
def test_junk_html_and_other_languages_read_as_too_little_to_go_on(lanes, text):
    reading = read(text)
    assert not reading.enough
    assert "".join(part for part, _match in reading.segments) == text
