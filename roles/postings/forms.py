from django import forms

# Characters a posting may have; the public-form guard lets this form's body be large enough
# for that many characters however they are encoded (see urls.py).
MAX_CHARACTERS = 20_000


class PostingField(forms.CharField):
    """A pasted posting: line ends made "\\n", control characters (binary junk) dropped before validation."""

    def to_python(self, value):
        value = super().to_python(value)
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(char for char in text if char.isprintable() or char in "\n\t")


class PostingForm(forms.Form):
    posting = PostingField(
        label="The job posting",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        error_messages={"required": "Paste the text of a job posting first: the box was empty."},
    )

    def clean_posting(self):
        text = self.cleaned_data["posting"]
        if len(text) > MAX_CHARACTERS:
            raise forms.ValidationError(
                f"That posting is {len(text):,} characters long; this page reads up to {MAX_CHARACTERS:,}. "
                "Paste the part that describes the work (the responsibilities and requirements).",
                code="too_long",
            )
        return text
