"""The sample vocabulary reads the labelled set (postings written for the site) as the lanes they describe."""

import pytest

from roles.postings import calibration, services

pytestmark = pytest.mark.django_db


def test_labelled_set_has_at_least_six_postings_per_lane_among_them_mistitled_and_mixed_ones(sample_content):
    postings = calibration.labelled_postings()
    for lane in services.current_reader().lanes:
        mine = [posting for posting in postings if posting["lane"] == lane]
        assert len(mine) >= 6, lane
    assert sum(posting["note"].startswith("titled") for posting in postings) >= 10
    assert sum(posting["note"].startswith("mixed") for posting in postings) >= 5


def test_the_right_lane_comes_first_on_85_percent_and_in_the_top_two_on_all(sample_content):
    report = calibration.calibrate(services.current_reader())
    assert report.total >= 30
    assert report.accuracy >= calibration.REQUIRED_ACCURACY, report.misses
    assert report.top_two == report.total, report.misses


def test_a_mistitled_posting_is_read_by_its_body_and_the_page_says_the_title_disagrees(sample_content):
    posting = next(
        p for p in calibration.labelled_postings() if p["note"].startswith("titled AI Engineer; the work is training")
    )
    reading = services.read_posting(text=posting["text"])
    assert reading.title == "AI Engineer"
    assert reading.title_lane.slug == "ai-engineer"
    assert reading.top.lane.slug == "ml-engineer"
    assert reading.title_disagrees
