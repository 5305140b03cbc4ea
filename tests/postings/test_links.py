"""The decoder is linked from the hub, every role page and the comparison pages, with no extra query."""

import pytest

from tests.factories import compare_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/", "/roles/ml-engineer/", "/compare/", compare_path("ai-engineer", "ml-engineer")],
)
def test_pages_link_to_the_decoder(client, sample_content, path):
    html = client.get(path).content.decode()
    assert 'href="/job-posting/"' in html


def test_the_hub_names_it(client, sample_content):
    html = client.get("/").content.decode()
    assert "Holding a job posting?" in html and "Read a posting" in html
