import datetime

import pytest

from roles.models import CuratedComparison, DimensionCell, Role
from tests.factories import (
    ensure_editors_group,
    make_cell,
    make_curated_comparison,
    make_dimension,
    make_project,
    make_roadmap_step,
    make_role,
    make_skill_area,
    make_skill_level,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ROLES_MODELS = [
    "role",
    "skillarea",
    "skilllevel",
    "comparisondimension",
    "dimensioncell",
    "curatedcomparison",
    "faq",
    "roadmapstep",
    "projectidea",
]


def form_data(response):
    """The POST data an admin change form sends when nothing is edited (main form and inlines)."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [str(item) for item in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


@pytest.fixture
def role(db):
    role = make_role(name="AI Engineer", slug="ai-engineer", summary="Old summary.")
    area = make_skill_area()
    make_skill_level(role, area, 4)
    make_cell(make_dimension(name="Tools"), role, "FastAPI")
    make_roadmap_step(role, order=1)
    make_project(role, skills=[area])
    return role


def test_editor_logs_in_changes_a_role_and_the_site_shows_it(client, editor, role):
    editor.set_password(PASSWORD)
    editor.save()
    login = client.post("/admin/login/?next=/admin/", {"username": "ed", "password": PASSWORD})
    assert login.status_code == 302 and login.url == "/admin/"

    change_url = f"/admin/roles/role/{role.pk}/change/"
    page = client.get(change_url)
    assert page.status_code == 200
    data = form_data(page)
    data["summary"] = "Builds dependable products on top of existing models."
    data["_save"] = "Save"
    response = client.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert (
        client.get("/roles/ai-engineer/").content.count(b"Builds dependable products on top of existing models.") >= 1
    )
    assert b"Builds dependable products" in client.get("/").content
    # Nothing else was lost on the way: inlines are intact.
    role.refresh_from_db()
    assert role.skill_levels.count() == 1 and role.roadmap_steps.count() == 1 and role.projects.count() == 1


def test_editor_edits_a_table_cell_from_the_cell_list(editor_client, role):
    cell = DimensionCell.objects.get()
    make_role(slug="ml-engineer")

    response = editor_client.get("/admin/roles/dimensioncell/")
    assert response.status_code == 200
    post = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(cell.pk),
        "form-0-text": "FastAPI, pgvector",
        "_save": "Save",
    }
    assert editor_client.post("/admin/roles/dimensioncell/", post).status_code == 302

    html = editor_client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()
    assert '<td data-role="AI Engineer">FastAPI, pgvector</td>' in html


def test_editor_sees_content_but_not_users_or_groups(editor_client):
    index = editor_client.get("/admin/").content.decode()

    assert "/admin/roles/role/" in index
    assert "/admin/auth/user/" not in index and "/admin/auth/group/" not in index
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editors_group_has_exactly_the_content_permissions():
    group = ensure_editors_group()  # as the migrations make it, even after a transactional test's flush
    perms = set(group.permissions.values_list("content_type__app_label", "codename"))
    for model in ROLES_MODELS:
        for action in ["add", "change", "delete", "view"]:
            assert ("roles", f"{action}_{model}") in perms
    # Step resources are edited inline on their step's page, with the same rights.
    for action in ["add", "change", "delete", "view"]:
        assert ("roles", f"{action}_stepresource") in perms
    assert not {codename for app, codename in perms if app == "auth"}


@pytest.mark.parametrize("model", ROLES_MODELS)
def test_every_roles_model_has_a_working_list_search_and_add_page(editor_client, role, model):
    assert editor_client.get(f"/admin/roles/{model}/").status_code == 200
    assert editor_client.get(f"/admin/roles/{model}/?q=engineer").status_code == 200
    assert editor_client.get(f"/admin/roles/{model}/add/").status_code == 200


def test_view_on_site_opens_the_role_profile(editor_client, role):
    page = editor_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert "View on site" in page
    response = editor_client.get(f"/admin/r/{_content_type_id(Role)}/{role.pk}/", follow=True)
    assert response.redirect_chain[-1][0].endswith("/roles/ai-engineer/")
    assert response.status_code == 200


def test_view_on_site_opens_a_curated_comparison(editor_client, role):
    comparison = make_curated_comparison([role, make_role(slug="ml-engineer")])
    page = editor_client.get(f"/admin/roles/curatedcomparison/{comparison.pk}/change/").content.decode()
    assert 'href="/compare/ai-engineer-vs-ml-engineer/"' in page


def test_comparison_that_lost_its_roles_has_no_view_on_site_link(editor_client, role):
    comparison = make_curated_comparison([role])
    page = editor_client.get(f"/admin/roles/curatedcomparison/{comparison.pk}/change/")
    assert page.status_code == 200
    assert b"View on site" not in page.content


def test_editor_previews_an_unpublished_role_from_the_admin(editor_client, role):
    Role.objects.filter(pk=role.pk).update(is_published=False)
    response = editor_client.get(f"/admin/r/{_content_type_id(Role)}/{role.pk}/", follow=True)
    assert b"Preview: not published." in response.content


@pytest.mark.parametrize(
    ("slug", "error"),
    [("AI-Engineer", "Use lower-case letters only."), ("ai-vs-ml", "cannot contain “-vs-”")],
)
def test_role_slug_must_fit_comparison_urls(editor_client, role, slug, error):
    page = editor_client.get(f"/admin/roles/role/{role.pk}/change/")
    data = form_data(page) | {"slug": slug}
    response = editor_client.post(f"/admin/roles/role/{role.pk}/change/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    role.refresh_from_db()
    assert role.slug == "ai-engineer"


def test_curated_comparison_form_refuses_a_duplicate_set_and_a_single_role(editor_client, role):
    other = make_role(slug="ml-engineer")
    make_curated_comparison([role, other], title="Existing")
    base = {
        "title": "Again",
        "quick_answer": "Q",
        "how_to_decide": "H",
        "is_published": "on",
        "faqs-TOTAL_FORMS": "0",
        "faqs-INITIAL_FORMS": "0",
    }

    duplicate = editor_client.post("/admin/roles/curatedcomparison/add/", base | {"roles": [other.pk, role.pk]})
    single = editor_client.post("/admin/roles/curatedcomparison/add/", base | {"roles": [role.pk]})

    assert "&quot;Existing&quot; already covers exactly these roles." in duplicate.content.decode()
    assert "Pick between 2 and 5 roles." in single.content.decode()
    assert CuratedComparison.objects.count() == 1


def test_curated_comparison_saved_in_the_admin_gets_its_role_key(editor_client, role):
    other = make_role(slug="ml-engineer")
    data = {
        "title": "AI or ML",
        "roles": [other.pk, role.pk],
        "quick_answer": "Quick.",
        "how_to_decide": "Decide.",
        "is_published": "on",
        "faqs-TOTAL_FORMS": "1",
        "faqs-INITIAL_FORMS": "0",
        "faqs-0-question": "Which first?",
        "faqs-0-answer": "AI Engineer.",
        "faqs-0-display_order": "0",
    }
    assert editor_client.post("/admin/roles/curatedcomparison/add/", data).status_code == 302
    comparison = CuratedComparison.objects.get()
    assert comparison.role_key == "ai-engineer+ml-engineer"
    html = editor_client.get("/compare/ai-engineer-vs-ml-engineer/").content.decode()
    assert "Which first?" in html


def test_publish_actions(editor_client, role):
    draft = make_role(is_published=False)
    response = editor_client.post(
        "/admin/roles/role/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert b"1 role(s) published." in response.content
    draft.refresh_from_db()
    assert draft.is_published
    editor_client.post("/admin/roles/role/", {"action": "unpublish", "_selected_action": [role.pk]})
    assert editor_client.get("/roles/ai-engineer/").status_code == 200  # editors still preview it
    role.refresh_from_db()
    assert not role.is_published


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
