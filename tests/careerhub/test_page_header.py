"""Every public page takes its title from the one page-header component (includes/page_header.html)."""

from django.template import Context, Template


def test_page_header_takes_rich_parts_from_capture():
    html = Template(
        "{% load site_tags %}"
        "{% capture lead %}Read <a href='/feed/'>{{ name }}</a>{% endcapture %}"
        "{% capture empty %} {% if nothing %}x{% endif %} {% endcapture %}"
        '{% include "includes/page_header.html" with title=name lead=lead below=empty only %}'
    ).render(Context({"name": "Q&A <feed>"}))

    assert '<h1 class="page-title">Q&amp;A &lt;feed&gt;</h1>' in html
    # Captured markup stays markup; the text in it was escaped as it rendered.
    assert "<p class=\"lead lead-tight mb-0\">Read <a href='/feed/'>Q&amp;A &lt;feed&gt;</a></p>" in html
    assert "page-header-more" not in html  # a capture that rendered to nothing counts as empty
