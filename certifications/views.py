from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from roles.models import Role

from .forms import CatalogueFilterForm
from .models import Certification, Provider, coverage

FILTERS = ("provider", "level", "role", "status")
# Long junk values are cut before they are echoed back in a notice.
ECHO_LIMIT = 40


@require_safe
def catalogue(request):
    """The catalogue with optional filters; a filter value we cannot use is dropped with a notice."""
    params = request.GET.copy()
    empty = [name for name in FILTERS if name in params and not any(params.getlist(name))]
    if empty:
        # The form sends "Any ..." as an empty value; drop them so the shared URL stays short.
        for name in empty:
            del params[name]
        return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
    providers = list(Provider.objects.filter(certifications__is_published=True).distinct())
    roles = list(Role.objects.published())
    data, repeated = {}, set()
    for name in FILTERS:
        values = [value for value in request.GET.getlist(name) if value != ""]
        if len(values) > 1:
            repeated.add(name)
        elif values:
            data[name] = values[0]
    form = CatalogueFilterForm(data, providers=providers, roles=roles)
    form.is_valid()
    notices = []
    for name in FILTERS:
        if name in repeated:
            notices.append(f"Pick one {name} at a time; the {name} filter was ignored.")
        elif name in form.errors:
            shown = data[name] if len(data[name]) <= ECHO_LIMIT else data[name][:ECHO_LIMIT] + "…"
            notices.append(f"We have no {name} called “{shown}”, so that filter was ignored.")
    applied = {name: value for name, value in form.cleaned_data.items() if value}

    certifications = Certification.objects.published().for_catalogue()
    role = next((r for r in roles if r.slug == applied.get("role")), None)
    if role:
        certifications = certifications.for_role(role)
    if "provider" in applied:
        certifications = certifications.filter(provider__slug=applied["provider"])
    if "level" in applied:
        certifications = certifications.filter(level=applied["level"])
    if "status" in applied:
        certifications = certifications.with_status().filter(status_now=applied["status"])
    certifications = list(certifications.catalogue_order(by_fit=role is not None))

    context = {
        "form": CatalogueFilterForm(initial=applied, providers=providers, roles=roles),
        "notices": notices,
        "is_filtered": bool(applied),
        "role": role,
        "current": [c for c in certifications if c.is_current],
        "retired": [c for c in certifications if c.is_retired],
        "count": len(certifications),
    }
    return render(request, "certifications/certification_list.html", context)


class CertificationDetailView(DetailView):
    template_name = "certifications/certification_detail.html"
    context_object_name = "certification"

    def get_queryset(self):
        return Certification.objects.visible_to(self.request.user).with_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certification = self.object
        canonical = settings.SITE_URL + certification.get_absolute_url()
        context["canonical"] = canonical
        context["structured_data"] = certification.structured_data(canonical)
        context["fits"] = certification.role_fits.all()
        # Coverage for every role, not only the mapped ones: two queries (roles, skill levels).
        context["coverages"] = [coverage(certification, role) for role in Role.objects.published().with_skills()]
        return context
