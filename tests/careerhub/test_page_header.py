"""Every public page takes its title from the one page-header component (includes/page_header.html)."""

from html.parser import HTMLParser

from django.template import Context, Template

from newsletter.models import Subscriber
from roles.models import Role
from roles.plan.models import Plan
from tests.browser.test_look import PUBLIC_PAGES
from tests.newsletter.factories import make_subscriber

# The hub opens with its own hero, a full-width brand banner with the two main calls to action:
# its h1 is the site's promise, not the title of one page among others, so it is no page header.
OWN_HEADER = {"/"}

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Headings(HTMLParser):
    """Each h1 of a page, as True when it sits inside an element of class page-header."""

    def __init__(self):
        super().__init__()
        self.open = []  # (tag, is a page header) for every element not closed yet
        self.h1s = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.open.append((tag, "page-header" in (dict(attrs).get("class") or "").split()))
        if tag == "h1":
            self.h1s.append(any(is_header for _, is_header in self.open))

    def handle_endtag(self, tag):
        # Close up to the nearest open element of that name: HTML lets a </p> or </li> be left out.
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return


def h1s(client, path):
    response = client.get(path, follow=True)
    assert response.status_code < 500, path
    headings = Headings()
    headings.feed(response.content.decode())
    return headings.h1s


def test_every_public_page_has_one_h1_and_it_is_in_the_page_header(client, sample_content):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    plan = Plan.objects.create(role=Role.objects.get(slug="ai-engineer"), hours_per_week=5)
    paths = [
        *PUBLIC_PAGES.values(),
        "/search/",
        "/fit/no-such-result/",
        plan.get_absolute_url(),
        f"/newsletter/confirm/{subscriber.confirm_token}/",
        "/newsletter/confirm/not-a-token/",
        f"/newsletter/unsubscribe/{subscriber.unsubscribe_token}/",
        f"/newsletter/preferences/{subscriber.preferences_token}/",
        "/newsletter/subscribe/done/",
        "/newsletter/watch/done/",
        "/certifications/compare/ai-102-vs-no-such-exam/",
    ]
    wrong = {}
    for path in paths:
        found = h1s(client, path)
        if found != ([False] if path in OWN_HEADER else [True]):
            wrong[path] = found
    assert wrong == {}


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
