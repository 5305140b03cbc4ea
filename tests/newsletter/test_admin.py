"""The admin: editors compose, preview, test and send; only subscriber managers see addresses."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsletter.models import Course, Delivery, Issue, Lesson, SectionLane, Subscriber
from tests.factories import ensure_editors_group, make_role

from .factories import make_issue, make_subscriber, make_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, django_user_model):
    """Staff in the "Subscriber managers" group: the separate grant that shows personal data."""
    ensure_editors_group()  # migrate grants both groups
    user = django_user_model.objects.create_user("manager", is_staff=True)  # no password: no slow hashing
    user.groups.add(Group.objects.get(name="Subscriber managers"))
    client.force_login(user)
    return client


def changelist_action(client, url, action, pks, follow=False, **extra):
    data = {"action": action, "_selected_action": [str(pk) for pk in pks], **extra}
    return client.post(url, data, follow=follow)


# Issues --------------------------------------------------------------------------------------


def test_editor_composes_an_issue_with_the_next_number(editor_client):
    make_issue(number=41)
    response = editor_client.get("/admin/newsletter/issue/add/")
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["number"] == 42
    data = {
        "number": 42,
        "title": "New one",
        "preheader": "Read me.",
        "concept": "c",
        "architecture": "a",
        "project_idea": "p",
        "interview_question": "q",
        "is_published": "on",
        "scheduled_for_0": "",
        "scheduled_for_1": "",
    }
    response = editor_client.post("/admin/newsletter/issue/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Issue.objects.get(number=42).status == Issue.Status.DRAFT


def test_issue_list_shows_sent_failed_and_pending_counts(editor_client):
    issue = make_issue(status="sending")
    for status, count in [("sent", 3), ("failed", 2), ("pending", 1)]:
        for subscriber in make_subscribers(count):
            Delivery.objects.create(issue=issue, subscriber=subscriber, status=status)
    response = editor_client.get("/admin/newsletter/issue/")
    row = response.context["cl"].result_list.get(pk=issue.pk)
    assert (row.sent_count, row.failed_count, row.pending_count) == (3, 2, 1)
    body = response.content.decode()
    assert '<td class="field-sent_count">3</td>' in body
    assert '<td class="field-failed_count">2</td>' in body
    assert '<td class="field-waiting_count">1</td>' in body


def test_issue_page_summarises_failures_without_addresses(editor_client):
    issue = make_issue(status="sent")
    Delivery.objects.create(
        issue=issue, subscriber=make_subscriber(email="x@example.com"), status="failed", last_error="550 No mailbox"
    )
    body = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert "0 sent · 1 failed · 0 pending" in body
    assert "1× 550 No mailbox" in body
    assert "x@example.com" not in body


def test_a_saved_issue_links_to_its_email_preview(editor_client):
    issue = make_issue()
    body = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert f'<a href="/admin/newsletter/issue/{issue.pk}/preview/">Preview email and send a test</a>' in body
    assert "Preview email and send a test" not in editor_client.get("/admin/newsletter/issue/add/").content.decode()


def test_the_issue_form_shows_a_long_preheader_whole(editor_client):
    body = editor_client.get(f"/admin/newsletter/issue/{make_issue().pk}/change/").content.decode()
    assert '<textarea name="preheader" cols="40" rows="2" maxlength="150"' in body  # two lines, not one input
    assert 'href="/static/newsletter/admin.css"' in body  # the title and preheader take the row's full width


@pytest.mark.parametrize(
    ("status", "is_published", "on_site"),
    [("draft", True, False), ("scheduled", True, False), ("sent", False, False), ("sent", True, True)],
)
def test_view_on_site_shows_only_when_the_issue_has_a_public_page(editor_client, client, status, is_published, on_site):
    issue = make_issue(status=status, is_published=is_published)
    body = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert ("View on site" in body) is on_site
    assert (f'href="{issue.get_absolute_url()}" class="viewsitelink"' in body) is on_site
    assert client.get(issue.get_absolute_url()).status_code == (200 if on_site else 404)


def test_preview_shows_the_rendered_email_in_the_admin(editor_client):
    issue = make_issue(title="Preview me", concept="Some **bold** idea.")
    response = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/preview/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Preview me" in body
    assert "&lt;strong&gt;bold&lt;/strong&gt;" in body  # the HTML part, escaped into the iframe's srcdoc
    assert "Some **bold** idea." in body  # the text part
    assert "List-Id" in body
    assert "unsubscribe.invalid" not in body  # the placeholder is swapped for a real link


def test_the_html_part_opens_on_its_own_page_held_to_a_strict_policy(editor_client):
    ml, fde = make_role(name="ML Engineer"), make_role(name="Forward Deployed Engineer")
    issue = make_issue(title="Alone", concept="For ML only.", architecture="For FDE only.")
    SectionLane.objects.create(issue=issue, section="concept", role=ml)
    SectionLane.objects.create(issue=issue, section="architecture", role=fde)
    preview = editor_client.get(f"/admin/newsletter/issue/{issue.pk}/preview/?lane={ml.pk}").content.decode()
    html_url = f"/admin/newsletter/issue/{issue.pk}/preview/html/?lane={ml.pk}"
    assert f'href="{html_url}" target="_blank"' in preview
    response = editor_client.get(html_url)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy.split(";")[-1]
    body = response.content.decode()
    assert body.startswith("<!doctype html>") and "Alone</title>" in body
    assert "For ML only." in body and "For FDE only." not in body  # the lane the preview showed


def test_send_test_mails_only_the_logged_in_editor(editor_client, editor):
    editor.email = "ed@example.com"
    editor.save()
    make_subscribers(3)
    issue = make_issue(title="Test me")
    response = editor_client.post(f"/admin/newsletter/issue/{issue.pk}/send-test/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ed@example.com"]
    assert message.subject.startswith("[Test] ")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


@pytest.fixture
def lesson():
    course = Course.objects.create(role=make_role(), title="A course", intro="Four weeks.")
    return Lesson.objects.create(
        course=course,
        week=1,
        title="Lesson 1",
        concept="c",
        architecture="a",
        project_step="p",
        interview_question="q?",
    )


@pytest.fixture(params=["issue", "lesson"])
def email_admin(request):
    """The admin URL of an issue or a course lesson: both are previewed and tested the same way."""
    obj = make_issue() if request.param == "issue" else request.getfixturevalue("lesson")
    return f"/admin/newsletter/{request.param}/{obj.pk}"


def test_send_test_without_an_email_address_explains_instead_of_sending(editor_client, email_admin):
    response = editor_client.post(f"{email_admin}/send-test/")
    assert response["Location"] == f"{email_admin}/preview/"
    assert "Your account has no email address" in editor_client.get(response["Location"]).content.decode()
    assert mail.outbox == []


def test_send_test_is_post_only(editor_client, email_admin):
    assert editor_client.get(f"{email_admin}/send-test/").status_code == 405


def test_email_previews_and_tests_need_the_newsletter_permissions(client, django_user_model, email_admin):
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))  # staff, no permissions
    assert client.get(f"{email_admin}/preview/").status_code == 403
    assert client.get(f"{email_admin}/preview/html/").status_code == 403
    assert client.post(f"{email_admin}/send-test/").status_code == 403
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["issue", "lesson"])
def test_the_preview_of_a_missing_email_is_a_404(editor_client, kind):
    assert editor_client.get(f"/admin/newsletter/{kind}/987654/preview/").status_code == 404
    assert editor_client.post(f"/admin/newsletter/{kind}/987654/send-test/").status_code == 404


def test_send_action_asks_for_confirmation_then_sends(editor_client, django_capture_on_commit_callbacks):
    readers = make_subscribers(2)
    make_subscriber(status="pending")
    issue = make_issue()
    url = "/admin/newsletter/issue/"
    response = changelist_action(editor_client, url, "send_to_subscribers", [issue.pk])
    assert response.status_code == 200
    assert "<strong>2</strong> confirmed subscribers" in response.content.decode()
    assert not Delivery.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = changelist_action(editor_client, url, "send_to_subscribers", [issue.pk], confirm="yes")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in readers)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    # Pressing it again changes nothing.
    changelist_action(editor_client, url, "send_to_subscribers", [issue.pk], confirm="yes")
    assert len(mail.outbox) == 2


def test_send_action_takes_one_issue_at_a_time(editor_client):
    issues = [make_issue(), make_issue()]
    response = changelist_action(
        editor_client, "/admin/newsletter/issue/", "send_to_subscribers", [i.pk for i in issues], follow=True
    )
    assert "Pick exactly one issue" in response.content.decode()


def test_scheduling_needs_a_backend_that_can_wait(editor_client):
    issue = make_issue(scheduled_for="2099-01-01T08:00:00Z")
    response = changelist_action(editor_client, "/admin/newsletter/issue/", "schedule", [issue.pk], follow=True)
    assert "cannot wait" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_sent_issues_cannot_be_deleted(editor_client):
    issue = make_issue(status="sent")
    assert editor_client.get(f"/admin/newsletter/issue/{issue.pk}/delete/").status_code == 403


# Permissions ---------------------------------------------------------------------------------


def test_editors_cannot_see_subscribers_or_deliveries(editor_client):
    make_subscriber(email="secret@example.com")
    assert editor_client.get("/admin/newsletter/subscriber/").status_code == 403
    assert editor_client.get("/admin/newsletter/subscriber/import/").status_code == 403
    assert editor_client.get("/admin/newsletter/delivery/").status_code == 403
    index = editor_client.get("/admin/").content.decode()
    assert "/admin/newsletter/issue/" in index
    assert "/admin/newsletter/subscriber/" not in index and "/admin/newsletter/delivery/" not in index


def test_the_editors_group_has_issue_permissions_but_no_subscriber_ones():
    codenames = set(ensure_editors_group().permissions.values_list("codename", flat=True))
    assert {"add_issue", "change_issue", "delete_issue", "view_issue", "send_issue", "view_delivery"} <= codenames
    assert not {c for c in codenames if c.endswith("_subscriber")}


# Subscribers ---------------------------------------------------------------------------------


def test_subscriber_list_counts_per_status_filters_and_searches(manager_client):
    make_subscribers(3)
    make_subscriber(email="waiting@example.com", status="pending")
    make_subscriber(status="unsubscribed")
    body = manager_client.get("/admin/newsletter/subscriber/").content.decode()
    assert "Confirmed: <strong>3</strong>" in body
    assert "Pending confirmation: <strong>1</strong>" in body
    assert "Unsubscribed: <strong>1</strong>" in body
    pending = manager_client.get("/admin/newsletter/subscriber/?status__exact=pending")
    assert [s.email for s in pending.context["cl"].result_list] == ["waiting@example.com"]
    found = manager_client.get("/admin/newsletter/subscriber/?q=WAITING")
    assert [s.email for s in found.context["cl"].result_list] == ["waiting@example.com"]


def test_nobody_types_in_a_confirmed_subscriber(manager_client):
    assert manager_client.get("/admin/newsletter/subscriber/add/").status_code == 403


def test_csv_export_action(manager_client):
    subscribers = [make_subscriber(email="a@example.com"), make_subscriber(email="=cmd@example.com")]
    response = changelist_action(
        manager_client, "/admin/newsletter/subscriber/", "export_csv", [s.pk for s in subscribers]
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["email", "status", "subscribed", "confirmed", "unsubscribed"]
    assert {row[0] for row in rows[1:]} == {"a@example.com", "'=cmd@example.com"}  # no formula for spreadsheets


def test_csv_import_adds_only_new_addresses_as_pending_and_reports(manager_client):
    make_subscriber(email="known@example.com")
    make_subscriber(email="left@example.com", status="unsubscribed")
    upload = SimpleUploadedFile(
        "list.csv",
        b"email,name\nnew@example.com,New\nLEFT@example.com,Left\nknown@example.com,Known\n"
        b"not-an-email,Bad\nnew@example.com,Again\n",
        content_type="text/csv",
    )
    response = manager_client.post("/admin/newsletter/subscriber/import/", {"file": upload}, follow=True)
    message = [str(m) for m in response.context["messages"]][0]
    assert "5 rows read: 1 created (pending), 2 already on the list" in message
    assert "1 repeated in the file, 1 invalid" in message
    assert Subscriber.objects.get(email="new@example.com").status == "pending"
    assert Subscriber.objects.get(email="left@example.com").status == "unsubscribed"  # never revived
    assert mail.outbox == []


def test_csv_import_can_email_confirmation_links(manager_client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("list.csv", b"fresh@example.com\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post("/admin/newsletter/subscriber/import/", {"file": upload, "send_confirmation": "on"})
    [message] = mail.outbox
    assert message.to == ["fresh@example.com"]


def test_csv_import_without_a_file_is_a_400_with_a_message(manager_client):
    response = manager_client.post("/admin/newsletter/subscriber/import/", {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_csv_import_of_a_binary_file_is_refused_clearly(manager_client):
    upload = SimpleUploadedFile("photo.csv", b"\x89PNG\x00\x00\x00binary", content_type="text/csv")
    response = manager_client.post("/admin/newsletter/subscriber/import/", {"file": upload})
    assert response.status_code == 400
    assert "does not look like a CSV file" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_unsubscribe_action(manager_client):
    subscriber = make_subscriber()
    changelist_action(manager_client, "/admin/newsletter/subscriber/", "unsubscribe_selected", [subscriber.pk])
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_managers_see_deliveries(manager_client):
    delivery = Delivery.objects.create(issue=make_issue(), subscriber=make_subscriber(email="d@example.com"))
    response = manager_client.get("/admin/newsletter/delivery/")
    assert response.status_code == 200
    assert "d@example.com" in response.content.decode()
    assert manager_client.get(f"/admin/newsletter/delivery/{delivery.pk}/change/").status_code == 200
    assert manager_client.post(f"/admin/newsletter/delivery/{delivery.pk}/delete/").status_code == 403


def test_moving_a_scheduled_issue_earlier_in_the_admin_queues_its_new_time(
    editor_client, settings, django_capture_on_commit_callbacks
):

    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    issue = make_issue(status="scheduled", scheduled_for=timezone.now() + datetime.timedelta(days=2))
    new_time = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    data = {
        **{name: getattr(issue, name) for name in ["number", "title", "preheader", "concept", "architecture"]},
        "project_idea": issue.project_idea,
        "interview_question": issue.interview_question,
        "is_published": "on",
        "scheduled_for_0": new_time.strftime("%Y-%m-%d"),
        "scheduled_for_1": new_time.strftime("%H:%M:%S"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/newsletter/issue/{issue.pk}/change/", data)
    assert response.status_code == 302
    [queued] = default_task_backend.results
    assert queued.task.name == "start_scheduled_issue" and queued.task.run_after == new_time
    default_task_backend.clear()


@pytest.mark.django_db
def test_the_csv_export_keeps_every_formula_start_as_text(client, django_user_model):
    ensure_editors_group()
    manager = django_user_model.objects.create_user("manager", is_staff=True)
    manager.groups.add(Group.objects.get(name="Subscriber managers"))
    client.force_login(manager)
    emails = ["=cmd@example.com", "+cmd@example.com", "-cmd@example.com", "@cmd@example.com", "plain@example.com"]
    subscribers = [make_subscriber(email=email) for email in emails]
    response = client.post(
        "/admin/newsletter/subscriber/",
        {"action": "export_csv", "_selected_action": [str(s.pk) for s in subscribers]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert sorted(row[0] for row in rows[1:]) == sorted(
        ["'=cmd@example.com", "'+cmd@example.com", "'-cmd@example.com", "'@cmd@example.com", "plain@example.com"]
    )
