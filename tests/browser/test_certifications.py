import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_the_catalogue_and_follow_a_retired_certification_to_its_successor(
    live_server, page, sample_content, screenshot
):
    page.goto(live_server.url + "/certifications/")
    page.get_by_label("Fits the role").select_option(label="AI Engineer")
    page.get_by_role("button", name="Show certifications").click()
    assert page.url == live_server.url + "/certifications/?role=ai-engineer"
    assert "for AI Engineer, primary pick first" in page.locator("#results-count").inner_text()
    screenshot(page, "certifications-ai-engineer-desktop")

    page.goto(live_server.url + "/certifications/")
    page.get_by_role("link", name="Also list the 1 retired exam").click()
    assert page.url == live_server.url + "/certifications/?retired=on"
    page.goto(live_server.url + "/certifications/?status=retired")
    page.get_by_role("link", name="Azure AI Engineer Associate").click()
    assert "retired this certification on 30 June 2026" in page.locator(".cert-retired-notice").inner_text()
    page.locator(".cert-retired-notice").get_by_role("link").click()
    assert page.url == live_server.url + "/certifications/ai-103/"
    page.locator(".cert-replaces").get_by_role("link", name="AI-102").click()
    assert page.url == live_server.url + "/certifications/ai-102/"


def test_pick_two_certifications_on_the_catalogue_and_compare_them(live_server, page, sample_content, screenshot):
    page.goto(live_server.url + "/certifications/")
    page.get_by_text("Compare 2 to 4 certifications side by side").click()  # folded under the filters
    page.get_by_label("AI-103").check()
    page.get_by_label("AI-200").check()
    page.get_by_role("button", name="Compare", exact=True).click()
    assert page.url == live_server.url + "/certifications/compare/ai-103-vs-ai-200/"
    assert page.get_by_role("heading", level=1).inner_text() == "AI-103 vs AI-200"
    screenshot(page, "certifications-compare-desktop")


def test_an_editor_checks_a_fact_on_the_review_screen(live_server, page, sample_content, editor, screenshot):
    from certifications.models import Certification

    certification = Certification.objects.get(slug="nvidia-nca-genl")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("ed")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/certifications/certification/{certification.pk}/review/")
    row = page.locator("tr", has_text="USD 135")
    assert "Cost $135 USD" in row.inner_text()
    assert row.get_by_role("link", name="Preporato: NCA-GENL exam domains").get_attribute("href").startswith("https://")
    row.get_by_role("button", name="Mark Price reviewed").click()
    assert "marked as checked today" in page.locator(".messagelist").inner_text()
    assert "by ed" in page.locator("tr", has_text="USD 135").inner_text()
    screenshot(page, "certifications-review-screen-desktop")
