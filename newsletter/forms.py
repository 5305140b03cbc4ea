import re

from django import forms

from roles.models import Role

from .addresses import canonical_email
from .models import Issue, SectionLane

# The promise shown next to every sign-up form. Change the version whenever the wording changes:
# each subscriber's consent record keeps the version and the exact text they saw.
CONSENT_VERSION = "2026-11-b"
CONSENT_TEXT = (
    "One email a week in four parts: a concept, an architecture, a project idea and an interview question. "
    "We use your address for this newsletter only. No spam; every email has a one-click unsubscribe link."
)

# Personal links carry a token: record only which kind of page the form was on.
_PERSONAL_PAGE = re.compile(r"^(/newsletter/(?:confirm|unsubscribe)/).*")


def page_for_consent(path):
    """The page a form was on, as the consent record keeps it (and the form echoes it): no tokens,
    and short, since any URL (a long, made-up one on a 404 page) ends up here."""
    path = path if path.startswith("/") and path.isprintable() else ""
    return _PERSONAL_PAGE.sub(r"\1", path)[:80]


SOURCES = {
    "footer": "footer form",
    "page": "sign-up form",
    "new-link": "new confirmation link form",
}


class CanonicalEmailField(forms.EmailField):
    """An address in its canonical form (see addresses.py), so that one inbox is one subscriber."""

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_email(value) if value else value


class SubscribeForm(forms.Form):
    email = CanonicalEmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a full email address, like name@example.com.",
            "max_length": "That address is too long for email (254 characters at most).",
        },
    )
    # Honeypot: hidden from people by CSS, filled in by bots that complete every field.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, source="page", page="", **kwargs):
        if data is not None and data.get("source") in SOURCES:
            source = data["source"]
        kwargs.setdefault("initial", {"source": source, "page": page_for_consent(page)})
        # Several sign-up forms can share a page (this one and the footer's): keep their ids apart.
        kwargs.setdefault("auto_id", f"nl-{source}-%s")
        super().__init__(data, *args, **kwargs)

    @property
    def is_bot(self):
        return bool(self.data.get("website", "").strip())

    def clean_source(self):
        # Hidden fields come back however the client likes; keep only values we know.
        value = self.cleaned_data["source"]
        return value if value in SOURCES else "unknown"

    def clean_page(self):
        return page_for_consent(self.cleaned_data["page"])

    def consent_source(self):
        source = SOURCES.get(self.cleaned_data["source"], "unknown form")
        page = self.cleaned_data["page"]
        return f"{source} on {page}" if page else source


PICK_A_ROLE = "Pick from the roles listed."


class PreferencesForm(forms.Form):
    lanes = forms.ModelMultipleChoiceField(
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label="Roles you want to hear about",
        help_text="You get the parts of each issue written for these roles, plus the parts for everyone. "
        "Tick none to get every part.",
        error_messages={
            "invalid_choice": "Pick from the roles listed.",
            "invalid_pk_value": "Pick from the roles listed.",
        },
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lanes"].queryset = roles


class ImportSubscribersForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A column headed “email” (our own export works), or one address per line. Up to 5 MB.",
    )
    send_confirmation = forms.BooleanField(
        label="Email each new address a confirmation link",
        required=False,
        help_text="Imported addresses stay pending, and get no issue, until their owner confirms.",
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; split it and import the parts.")
        return file


def _lanes_field(heading):
    return forms.ModelMultipleChoiceField(
        queryset=Role.objects.order_by("display_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=f"{heading}: for",
        help_text="None ticked: everyone.",
    )


class IssueAdminForm(forms.ModelForm):
    """The issue, plus which lanes (roles) each of its four parts is written for."""

    concept_lanes = _lanes_field("One concept")
    architecture_lanes = _lanes_field("One architecture")
    project_idea_lanes = _lanes_field("One project idea")
    interview_question_lanes = _lanes_field("One interview question")
    lane_fields = [f"{name}_lanes" for name, _ in Issue.SECTIONS]

    class Meta:
        model = Issue
        fields = [
            "number",
            "title",
            "preheader",
            *(name for name, _ in Issue.SECTIONS),
            "is_published",
            "scheduled_for",
        ]
        # Two lines: a preheader of up to 150 characters is read whole (it never goes into a header).
        widgets = {"preheader": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        marked = self.instance.lanes_by_section() if self.instance.pk else {}
        for name, _ in Issue.SECTIONS:
            self.fields[f"{name}_lanes"].initial = sorted(marked.get(name, ()))

    def save_lanes(self):
        issue = self.instance
        issue.section_lanes.all().delete()
        SectionLane.objects.bulk_create(
            SectionLane(issue=issue, section=name, role=role)
            for name, _ in Issue.SECTIONS
            for role in self.cleaned_data[f"{name}_lanes"]
        )
        issue.__dict__.pop("_lanes_by_section", None)


WATCH_CONSENT_TEXT = (
    "One short email when this certification's status, dates, price, length or domain weights change, "
    "at most one a day. We use your address for this only; every email has a one-click unsubscribe link."
)


class WatchForm(forms.Form):
    """ "Tell me when this changes" on a certification page: an address and the honeypot."""

    email = SubscribeForm.base_fields["email"]
    website = SubscribeForm.base_fields["website"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "watch-%s")
        super().__init__(*args, **kwargs)

    @property
    def is_bot(self):
        return bool(self.data.get("website", "").strip())


class AddWatchForm(forms.Form):
    certification = forms.ModelChoiceField(
        queryset=None,
        label="Tell me when this certification changes",
        empty_label="Choose a certification…",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Choose a certification to watch.",
            "invalid_choice": "Pick from the certifications listed.",
        },
    )

    def __init__(self, *args, certifications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certification"].queryset = certifications
