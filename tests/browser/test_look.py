"""The finished look, kept: every public page at 390 and 1280 px in both colour schemes follows the
scheme and passes axe with no finding at all, nothing scrolls sideways at 320 or 390 px, each page
stays under 50 KB on the wire on a first visit, and the style guide is screenshotted in both schemes.

Screens land in artifacts/screenshots/look-<page>-<width>-<scheme>.png for a person to look at.
"""

import functools

import brotli
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import CURATED_TRIO_PATH

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = {
    "hub": "/",
    "roles": "/roles/",
    "role": "/roles/ai-engineer/",
    "compare-pick": "/compare/",
    "compare-not-found": "/compare/ai-engineer-vs-astronaut/",
    "compare-three": CURATED_TRIO_PATH,
    "compare-five": "/compare/agentic-ai-engineer-vs-ai-engineer-vs-forward-deployed-engineer-vs-genai-developer"
    "-vs-ml-engineer/",
    "fit": "/fit/",
    "paths": "/paths/",
    "path": "/paths/backend-developer/",
    "interviews": "/interviews/",
    "interview-guide": "/interviews/forward-deployed-engineer/",
    "certifications": "/certifications/",
    "certifications-notice": "/certifications/?level=guru&role=ai-engineer",
    "certification-retired": "/certifications/ai-102/",
    "certification": "/certifications/google-cloud-professional-ml-engineer/",
    "certification-beta": "/certifications/ai-103/",
    "certification-professional": "/certifications/aws-generative-ai-developer-professional/",
    "certification-compare": "/certifications/compare/ai-102-vs-google-cloud-professional-ml-engineer/",
    "certification-compare-three": "/certifications/compare/ai-103-vs-ai-200-vs-databricks-generative-ai-engineer"
    "-associate/",
    "newsletter": "/newsletter/",
    "newsletter-archive": "/newsletter/issues/",
    "newsletter-issue": "/newsletter/issues/1/",
    "search": "/search/?q=agents",
    "search-typo": "/search/?q=retreival",
    "changes": "/changes/",
    "job-posting": "/job-posting/",
    "not-found": "/no-such-page/",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SMALLEST = {"width": 320, "height": 700}
BUDGET = 50 * 1024  # bytes on the wire, brotli-compressed as whitenoise and nginx serve them

axe = Axe()


def violations(page):
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
    ]


def sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(viewport, scheme):
        # axe is injected with page.evaluate; bypass_csp lets it run under the site's strict CSP.
        context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "viewport"), [("390", PHONE), ("1280", DESKTOP)])
def test_every_public_page_follows_the_scheme_and_passes_axe(
    live_server, open_page, sample_content, screenshot, scheme, width, viewport
):
    page = open_page(viewport, scheme)
    found = {}
    for name, path in PUBLIC_PAGES.items():
        response = page.goto(live_server.url + path)
        assert response.status < 500, name
        assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme, name
        if problems := violations(page):
            found[name] = problems
        screenshot(page, f"look-{name}-{width}-{scheme}")
    assert found == {}


@pytest.mark.parametrize("viewport", [SMALLEST, PHONE], ids=["320", "390"])
def test_no_public_page_scrolls_sideways_on_a_phone(live_server, open_page, sample_content, viewport):
    page = open_page(viewport, "light")
    wide = {}
    for name, path in PUBLIC_PAGES.items():
        page.goto(live_server.url + path)
        if (overflow := sideways_scroll(page)) > 0:
            wide[name] = overflow
    assert wide == {}


def test_every_public_page_stays_under_50_kb_on_a_first_visit(live_server, open_page, sample_content):
    heavy = {}
    for name, path in PUBLIC_PAGES.items():
        # A fresh context for each page: nothing cached, as on a first visit.
        page = open_page(PHONE, "light")
        bodies = []
        page.on("response", lambda response, into=bodies: into.append(response))
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        # The test server sends files as they are; production sends them brotli-compressed.
        sent = sum(brotli_size(r.body()) for r in bodies if r.status < 300)
        if sent > BUDGET:
            heavy[name] = sent
        page.context.close()
    assert heavy == {}


@functools.cache
def brotli_size(body):
    # Every page loads the same CSS and scripts: compress each file once (quality 11 is slow).
    return len(brotli.compress(body, quality=11))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_style_guide_shows_every_component_in_both_schemes(live_server, open_page, settings, screenshot, scheme):
    settings.DEBUG = True  # the style guide is for debug mode and staff only
    page = open_page(DESKTOP, scheme)
    page.goto(live_server.url + "/style/")
    for selector in (".page-header", ".side-badge", ".cert-status-available", ".card-role", ".heat-5", ".btn-primary"):
        assert page.locator(selector).count() >= 1, selector
    # Bootstrap's own blue (#0d6efd) shows nowhere: buttons and ticked boxes wear the brand.
    colours = page.evaluate(
        """[...document.querySelectorAll('.btn-primary, .form-check-input:checked')]
           .map(e => getComputedStyle(e).backgroundColor)"""
    )
    assert "rgb(13, 110, 253)" not in colours
    assert violations(page) == []
    screenshot(page, f"look-style-guide-{scheme}")
    page.set_viewport_size(PHONE)
    assert sideways_scroll(page) <= 0
    screenshot(page, f"look-style-guide-phone-{scheme}")


def test_theme_toggle_shows_the_scheme_it_is_in(live_server, open_page, sample_content):
    page = open_page(DESKTOP, "light")
    page.goto(live_server.url + "/roles/")
    toggle = page.get_by_role("button", name="Dark mode")
    assert toggle.inner_text().split() == ["Dark", "mode", "off"]
    toggle.click()
    assert toggle.inner_text().split() == ["Dark", "mode", "on"]
    assert toggle.get_attribute("aria-pressed") == "true"


def test_spectrum_names_take_two_rows_at_most_and_never_overlap(live_server, open_page, sample_content):
    """The hub's spectrum once stepped the four right-hand names down a staircase of rows."""
    page = open_page(DESKTOP, "light")
    page.goto(live_server.url + "/")
    picture = page.locator(".spectrum-svg").bounding_box()
    names = boxes(page, ".spectrum-svg .spectrum-label")
    ends = boxes(page, ".spectrum-svg .spectrum-end")
    assert len(names) == 5
    assert len({round(box["y"]) for box in names.values()}) <= 2
    everything = list(names.items()) + list(ends.items())
    for index, (name, box) in enumerate(everything):
        assert picture["x"] <= box["x"] and box["x"] + box["width"] <= picture["x"] + picture["width"], name
        for other, other_box in everything[index + 1 :]:
            assert not overlapping(box, other_box), (name, other)
    # On a phone each role gets a row of its own, its name on one line.
    page.set_viewport_size(PHONE)
    lines = page.locator(".spectrum-strip-name").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
    )
    assert len(lines) == 5 and max(lines) < 1.5


def boxes(page, selector):
    return {
        box["text"]: box
        for box in page.locator(selector).evaluate_all(
            """els => els.map(e => { const r = e.getBoundingClientRect();
           return {text: e.textContent, x: r.x, y: r.y, width: r.width, height: r.height}; })"""
        )
    }


def overlapping(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_opening_the_phone_menu_leaves_its_button_where_it_was(live_server, open_page, sample_content):
    page = open_page(PHONE, "light")
    page.goto(live_server.url + "/roles/")
    button = page.locator(".nav-menu summary")
    before = button.bounding_box()
    button.click()
    assert page.locator(".nav-menu .nav-link").first.is_visible()
    assert button.bounding_box() == before
    assert sideways_scroll(page) <= 0


def test_save_on_a_published_role_asks_before_it_goes_live(live_server, open_page, sample_content, django_user_model):
    from roles.models import Role
    from tests.factories import ensure_editors_group

    editor = django_user_model.objects.create_user("look-editor", password="a-long-test-password", is_staff=True)
    editor.groups.add(ensure_editors_group())
    role = Role.objects.get(slug="ml-engineer")
    page = open_page(DESKTOP, "light")
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("look-editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/admin/roles/role/{role.pk}/change/")
    # Save, Save as draft and Preview sit in one row.
    row = page.locator(".editorial-submit")
    names = ("Save", "Save as draft", "Preview")
    boxes = [row.get_by_role("button", name=name, exact=True).bounding_box() for name in names]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 4
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    row.screenshot(path=str(ARTIFACTS / "look-admin-submit-row.png"))
    page.locator("#id_summary").fill("Changed, then thought better of it.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="Save", exact=True).click()
    assert asked and "Publish now?" in asked[0]
    assert Role.objects.get(pk=role.pk).summary == role.summary  # cancelled: nothing went live
