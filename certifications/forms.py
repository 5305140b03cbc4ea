from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.urls import reverse

from .models import Certification


def level_choices(providers):
    """One choice per tier, named as the providers name it ("Foundational / Fundamentals")."""
    choices = []
    for value, label in Certification.Level.choices:
        names = list(dict.fromkeys(provider.level_name(value) for provider in providers)) or [label]
        choices.append((value, " / ".join(names)))
    return choices


class CatalogueFilterForm(forms.Form):
    """The catalogue's GET filters. Choices come from lists the view already loaded (no extra queries)."""

    provider = forms.ChoiceField(required=False)
    level = forms.ChoiceField(required=False)
    role = forms.ChoiceField(required=False, label="Fits the role")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Certification.Status.choices])
    retired = forms.BooleanField(required=False, label="Include retired exams")

    def __init__(self, *args, providers=(), roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "Any provider")] + [(p.slug, p.name) for p in providers]
        self.fields["level"].choices = [("", "Any level"), *level_choices(providers)]
        self.fields["role"].choices = [("", "Any role")] + [(r.slug, r.name) for r in roles]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("certifications:list")
        self.helper.form_class = "catalogue-filters row g-2 align-items-end"
        self.helper.attrs = {"aria-label": "Filter certifications"}
        cell = "col-6 col-lg"
        self.helper.layout = Layout(
            Div("provider", css_class=cell),
            Div("level", css_class=cell),
            Div("role", css_class=cell),
            Div("status", css_class=cell),
            Div("retired", css_class="col-12 col-lg-auto"),
            # A plain button: a named submit would add a useless parameter to the shareable URL.
            HTML(
                '<div class="col-12 col-lg-auto mb-3 d-flex gap-2">'
                '<button type="submit" class="btn btn-primary">Show certifications</button>'
                f'<a class="align-self-center" href="{reverse("certifications:list")}">Clear filters</a></div>'
            ),
        )
