"""An editor's markdown reaches the page as safe HTML: no scripts, no javascript: links."""

import re

import pytest

from tests.factories import make_curated_comparison, make_faq, make_project, make_roadmap_step, make_role

pytestmark = pytest.mark.django_db

NASTY = (
    "Fine **text**.\n\n"
    "<script>alert('x')</script>\n\n"
    "[click me](javascript:alert(1)) and [docs](https://example.com/docs)\n\n"
    '<img src=x onerror="alert(2)">\n\n'
    '<a href="javascript:alert(3)">raw link</a>'
)


def assert_safe(html):
    """No element an editor typed survives as live HTML; escaped text is fine."""
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    # The site's own files under /static/js/ (base.html's theme.js) are not editors' content.
    ours = ("application/ld+json", 'src="/static/js/')
    scripts = [tag for tag in tags if tag.startswith("<script") and not any(mark in tag for mark in ours)]
    assert not scripts
    assert not [tag for tag in tags if tag.startswith(("<img", "<iframe"))]
    assert not [tag for tag in tags if "javascript:" in tag.lower() or re.search(r"\son\w+=", tag)]


def test_role_markdown_fields_are_sanitised_on_the_profile(client):
    role = make_role(description=NASTY, optimises_for=NASTY, typical_week=NASTY)
    make_roadmap_step(role, body=NASTY)
    make_project(role, summary=NASTY)

    html = client.get(role.get_absolute_url()).content.decode()

    assert_safe(html)
    assert "Fine <strong>text</strong>." in html
    assert '<a href="https://example.com/docs" rel="noopener noreferrer">docs</a>' in html


def test_plain_text_fields_are_escaped(client):
    role = make_role(
        name="<b>Bold</b> Role",
        summary="<script>alert(1)</script>",
        pick_if="<img src=x onerror=alert(1)>",
        also_called="<script>x</script>",
    )
    html = client.get(role.get_absolute_url()).content.decode()
    assert_safe(html)
    assert "&lt;b&gt;Bold&lt;/b&gt; Role" in html


def test_curated_comparison_markdown_is_sanitised(client):
    first, second = make_role(slug="first"), make_role(slug="second")
    comparison = make_curated_comparison([first, second], quick_answer=NASTY, how_to_decide=NASTY)
    make_faq(comparison, question="<script>alert(9)</script>?", answer=NASTY)

    html = client.get("/compare/first-vs-second/").content.decode()

    assert_safe(html)
    assert "&lt;script&gt;alert(9)&lt;/script&gt;?" in html


def test_featured_comparison_on_the_hub_is_sanitised(client):
    first, second = make_role(slug="first"), make_role(slug="second")
    make_curated_comparison([first, second], quick_answer=NASTY, is_featured=True)

    html = client.get("/").content.decode()

    assert_safe(html)
    assert "Fine <strong>text</strong>." in html


def test_markdown_is_rendered_on_save_not_per_request():
    role = make_role(description="**Bold**")
    assert role.rendered_html["description"] == "<p><strong>Bold</strong></p>\n"
    role.description = "<script>alert(1)</script>"
    role.save(update_fields=["description"])
    role.refresh_from_db()
    assert "<script>" not in role.rendered_html["description"]
