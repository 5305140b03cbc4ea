import functools

from django import forms

from . import scoring

MISSING = "Choose how much you agree with this statement."


class FitForm(forms.Form):
    """One 5-point scale per statement of a snapshot, plus the version it was built from.

    Build it with ``FitForm.for_snapshot(snapshot)``: the statement fields are made once per
    version and shared by every form of that version (nothing here changes a field after it is
    made, so the per-request deep copy Django does for declared fields is not needed); validation
    never queries the database.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    snapshot_version = ""
    items = ()
    shared_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, initial={"version": self.snapshot_version}, **kwargs)
        self.fields.update(self.shared_fields)

    @classmethod
    def for_snapshot(cls, snapshot):
        return _form_class(
            cls, snapshot.version, tuple((item["id"], item["text"]) for item in snapshot.content["items"])
        )

    @staticmethod
    def field_name(item):
        return f"i{item['id']}"

    def is_stale(self):
        """True when the form was built from another version of the questionnaire than the live one."""
        return self.is_bound and self.data.get("version") != self.snapshot_version

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


@functools.lru_cache(maxsize=4)
def _form_class(base, version, items):
    choices = [(str(value), label) for value, label in scoring.SCALE]
    fields = {
        f"i{item_id}": forms.TypedChoiceField(
            label=text,
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            error_messages={"required": MISSING, "invalid_choice": "That answer is not on the 1 to 5 scale."},
        )
        for item_id, text in items
    }
    attributes = {
        "shared_fields": fields,
        "snapshot_version": version,
        "items": tuple({"id": item_id, "text": text} for item_id, text in items),
    }
    return type("FitForm", (base,), attributes)
