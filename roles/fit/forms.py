from django import forms

from . import scoring

MISSING = "Choose how much you agree with this statement."


class FitForm(forms.Form):
    """One 5-point scale per statement of the live snapshot, plus the version it was built from.

    Validation never queries the database: the statements come from the snapshot's content.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, snapshot, **kwargs):
        super().__init__(*args, initial={"version": snapshot.version}, **kwargs)
        self.snapshot = snapshot
        self.items = snapshot.content["items"]
        for item in self.items:
            self.fields[self.field_name(item)] = forms.TypedChoiceField(
                label=item["text"],
                choices=[(str(value), label) for value, label in scoring.SCALE],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": MISSING,
                    "invalid_choice": "That answer is not on the 1 to 5 scale.",
                },
            )

    @staticmethod
    def field_name(item):
        return f"i{item['id']}"

    def is_stale(self):
        """True when the form was built from another version of the questionnaire than the live one."""
        return self.is_bound and self.data.get("version") != self.snapshot.version

    def is_tampered(self):
        """Errors other than unanswered statements: values no browser sends from our page."""
        return any(
            error.code != "required"
            for name, errors in self.errors.as_data().items()
            if name != "version"
            for error in errors
        )

    def items_with_fields(self):
        return [(item, self[self.field_name(item)]) for item in self.items]

    def missing_items(self):
        return [item for item, field in self.items_with_fields() if field.errors]

    def answers(self):
        """{item id: 1-5} once the form is valid."""
        return {item["id"]: self.cleaned_data[self.field_name(item)] for item in self.items}
