"""Every public page runs a fixed number of SQL queries, whatever the amount of content."""

import pytest

from certifications.models import RoleFit
from roles.models import Role, SkillArea
from tests.certifications.factories import make_certification, make_domain, make_fit, make_provider
from tests.factories import make_catalogue

pytestmark = pytest.mark.django_db

# 5 roles as on the live site, 50 to prove the count does not grow with content.
SIZES = [
    pytest.param({"roles": 5}, id="5-roles"),
    pytest.param(
        {"roles": 50, "skill_areas": 16, "dimensions": 20, "steps": 8, "projects": 6, "faqs": 12}, id="50-roles"
    ),
]


@pytest.fixture(params=SIZES)
def catalogue(request):
    roles = make_catalogue(**request.param)
    # Each role also has a primary and an alternative certification, each with a weighted domain that
    # tests one skill area, so coverage has something to compute.
    provider = make_provider()
    area = SkillArea.objects.first()
    for role in roles:
        for kind in [RoleFit.Kind.PRIMARY, RoleFit.Kind.ALTERNATIVE]:
            certification = make_certification(provider)
            make_domain(certification, weight=(100, 100), areas=[area])
            make_fit(role, certification, kind=kind)
    return roles


def compare_path(roles):
    return "/compare/" + "-vs-".join(role.slug for role in roles) + "/"


def get_ok(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response


def test_home(client, catalogue, django_assert_num_queries):
    # Roles with parents, the featured comparison, its roles.
    with django_assert_num_queries(3):
        response = get_ok(client, "/")
    assert response.content.count(b'class="card h-100 card-role') == len(catalogue)


def test_role_list(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        get_ok(client, "/roles/")


def test_role_detail(client, catalogue, django_assert_num_queries):
    # Role + parent, skill levels, specialisations, roadmap, the steps' resources, projects, project skills,
    # certification fits (with certification and provider), their domains, domain weights, domain skill areas,
    # other roles.
    role = catalogue[0]
    with django_assert_num_queries(12):
        response = get_ok(client, role.get_absolute_url())
    assert response.content.count(b'<h3 class="h6 mb-1">Step ') == role.roadmap_steps.count()
    resources = sum(step.resources.count() for step in role.roadmap_steps.all())
    assert response.content.count(b"data-step-resource") == resources > 0


def test_role_detail_preview_for_an_editor(editor_client, catalogue, django_assert_num_queries):
    role = catalogue[1]
    Role.objects.filter(pk=role.pk).update(is_published=False)
    # The eleven above (no comparison links for a preview) plus session, user, user and group permissions.
    with django_assert_num_queries(15):
        get_ok(editor_client, role.get_absolute_url())


def test_compare_pick(client, catalogue, django_assert_num_queries):
    # Form choices, curated comparisons, their roles, the five-lane guide.
    with django_assert_num_queries(4):
        get_ok(client, "/compare/")


def test_compare_pick_with_errors(client, catalogue, django_assert_num_queries):
    # The ticked roles are checked, then as above.
    with django_assert_num_queries(5):
        get_ok(client, "/compare/?roles=" + catalogue[0].slug, status=400)


def test_compare_pick_redirect(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        get_ok(client, f"/compare/?roles={catalogue[0].slug}&roles={catalogue[1].slug}", status=302)


def test_curated_comparison(client, catalogue, django_assert_num_queries):
    # Roles + parents, skill levels, curated text, its FAQs, dimensions, their cells,
    # first certifications, their domains, domain weights, domain skill areas, form choices.
    with django_assert_num_queries(11):
        response = get_ok(client, compare_path(catalogue[:2]))
    assert b"How to decide" in response.content


@pytest.mark.parametrize("count", [2, 5])
def test_generated_comparison(client, catalogue, count, django_assert_num_queries):
    roles = catalogue[1 : count + 1]
    with django_assert_num_queries(10):
        response = get_ok(client, compare_path(roles))
    assert b"How to decide" not in response.content


def test_comparison_redirect(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        get_ok(client, compare_path(reversed(catalogue[:3])), status=301)


def test_comparison_not_found(client, catalogue, django_assert_num_queries):
    # The roles that do exist (with their skill levels), then the form's choices.
    with django_assert_num_queries(3):
        get_ok(client, f"/compare/{catalogue[0].slug}-vs-no-such-role/", status=404)


def test_comparison_with_too_many_roles_needs_only_the_form(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        get_ok(client, "/compare/a-vs-b-vs-c-vs-d-vs-e-vs-f/", status=404)


def test_sitemap(client, catalogue, django_assert_num_queries):
    # Roles: count + page. Comparisons: count + page + their roles. Certifications: count + page.
    # Newsletter archive: count (no sent issues here, so no page). Paths and interview guides: a
    # count each (none here, so no page).
    with django_assert_num_queries(10):
        response = get_ok(client, "/sitemap.xml")
    body = response.content.decode()
    assert body.count("/roles/role-") == len(catalogue)
    assert body.count("-vs-") == 1
