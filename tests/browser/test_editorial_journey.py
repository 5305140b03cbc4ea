"""An editor previews a change, keeps it as a draft, publishes it, then reverts it; a visitor follows."""

import pytest

from roles.models import Role
from tests.factories import ensure_editors_group

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_SUMMARY = "Sits with customers and turns their messy problem into a working AI system."


def test_edit_preview_publish_then_revert_as_a_visitor_sees_it(
    live_server, browser, sample_content, django_user_model, screenshot
):
    editor = django_user_model.objects.create_user("journey-editor", password="a-long-test-password", is_staff=True)
    editor.groups.add(ensure_editors_group())
    role = Role.objects.get(slug="forward-deployed-engineer")
    old_summary = role.summary
    Role.objects.filter(pk=role.pk).update(last_reviewed="2025-01-01")  # due for review

    visitor = browser.new_context(viewport=DESKTOP).new_page()
    visitor.goto(live_server.url + role.get_absolute_url())  # now in the page cache
    assert old_summary in visitor.content()

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("journey-editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    queue = page.locator("#review-queue")
    queue.get_by_role("link", name="Forward Deployed Engineer").wait_for()
    screenshot(page, "editorial-review-queue-desktop")
    queue.get_by_role("link", name="Forward Deployed Engineer").click()

    page.locator("#id_summary").fill(NEW_SUMMARY)
    with context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert NEW_SUMMARY in preview.content() and "Preview" in preview.locator(".preview-banner").inner_text()
    screenshot(preview, "editorial-preview-desktop")
    preview.set_viewport_size(PHONE)
    screenshot(preview, "editorial-preview-phone")
    preview.close()
    assert Role.objects.get(pk=role.pk).summary == old_summary  # the preview saved nothing

    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("A draft is waiting").wait_for()
    visitor.goto(live_server.url + role.get_absolute_url())
    assert NEW_SUMMARY not in visitor.content()

    page.get_by_role("button", name="Publish the draft").click()
    page.get_by_text("published").first.wait_for()
    visitor.goto(live_server.url + role.get_absolute_url())
    assert NEW_SUMMARY in visitor.content()

    page.goto(live_server.url + f"/admin/roles/role/{role.pk}/history/")
    screenshot(page, "editorial-history-desktop")
    latest = page.locator(".history-entry").first
    assert "turns their messy problem" in latest.locator("ins").all_inner_texts()[0]
    assert "Typical week" not in latest.locator("table").inner_text()  # new line ends alone are no change
    page.get_by_role("link", name="Revert to this version…").last.click()
    page.once("dialog", lambda dialog: dialog.accept())  # "publish now?" on a published role
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.get_by_text("reverted").or_(page.get_by_text("was changed successfully")).first.wait_for()
    visitor.goto(live_server.url + role.get_absolute_url())
    assert old_summary in visitor.content() and NEW_SUMMARY not in visitor.content()
    context.close()
