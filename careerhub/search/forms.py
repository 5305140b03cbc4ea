from django import forms

from .models import MAX_QUERY_LENGTH
from .query import words_of


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the site",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={"max_length": f"Keep your search under {MAX_QUERY_LENGTH} characters."},
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())  # tabs and line breaks from a paste are spaces
        if any(not ch.isprintable() for ch in text):
            raise forms.ValidationError("Your search holds invisible control characters; type it again.")
        return text

    @property
    def searchable(self):
        """True when the query holds at least one letter or digit to look for."""
        return self.is_valid() and bool(words_of(self.cleaned_data["q"]))
