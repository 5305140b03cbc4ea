import re

from django import forms

from .addresses import canonical_email

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
