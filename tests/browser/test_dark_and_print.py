"""The colour-scheme toggle, and printing to A4 PDF with Chromium. Both schemes pass axe on every page:
test_look.py."""

import subprocess

import pytest

from roles.models import Role
from roles.plan.models import Plan
from tests.factories import CURATED_TRIO_PATH

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_toggle_switches_scheme_and_remembers_it(page, live_server, sample_content):
    page.goto(live_server.url + "/roles/ml-engineer/")
    toggle = page.get_by_role("button", name="Dark mode")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    # Chart bars take their colours from the scheme's CSS variables.
    fill = page.evaluate("getComputedStyle(document.querySelector('.skill-chart .series-1')).fill")
    assert fill == "rgb(86, 180, 233)"
    page.goto(live_server.url + "/compare/")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    assert page.get_by_role("button", name="Dark mode").get_attribute("aria-pressed") == "true"


def test_no_toggle_without_javascript(browser, live_server, sample_content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/roles/ml-engineer/")
    assert page.get_by_role("button", name="Dark mode").count() == 0
    context.close()


def pdf_text(page, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    page.pdf(path=str(path), format="A4")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return info, text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_role_comparison_and_plan_print_cleanly_on_a4(browser, live_server, sample_content, tmp_path, scheme):
    plan = Plan.objects.create(role=Role.objects.get(slug="ml-engineer"))
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    for name, path, heading in [
        ("role", "/roles/ml-engineer/", "ML Engineer"),
        ("compare", CURATED_TRIO_PATH, "Three AI roles compared"),
        ("plan", plan.get_absolute_url(), "Roadmap checklist"),
    ]:
        page.goto(live_server.url + path)
        info, text = pdf_text(page, tmp_path, name)
        assert "(A4)" in info
        assert heading in text
        assert "Find your fit" not in text, f"{name}: navigation printed"
        assert "Plain-language guides" not in text, f"{name}: footer printed"
        assert "Skip to main content" not in text
        assert "Start my plan" not in text and "Save my plan" not in text
        assert "(http://" in text, f"{name}: link targets not written out"
        if name != "plan":
            assert "Skill area" in text, f"{name}: the chart's data table is not printed"
        # White paper: after printing, the page is back in the scheme it was in.
        assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
    context.close()
