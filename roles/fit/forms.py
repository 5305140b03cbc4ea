import functools

from django import forms

from . import scoring

MISSING = "Choose how much you agree with this statement."
# Statements per page section: a phone shows a group in about three screens.
GROUP_SIZE = 6


class FitForm(forms.Form):
    """One 5-point scale per statement of a snapshot, the optional experiences (``done``), and the
    version it was built from.

    Build it with ``FitForm.for_snapshot(snapshot)``: the statement fields are made once per
    version and shared by every form of that version (nothing here changes a field after it is
    made, so the per-request deep copy Django does for declared fields is not needed); validation
    never queries the database. ``backgrounds`` ((slug, name) pairs) adds the optional job question.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    snapshot_version = ""
    items = ()
    shared_fields = {}

    def __init__(self, *args, backgrounds=(), **kwargs):
        super().__init__(*args, initial={"version": self.snapshot_version}, **kwargs)
        self.fields.update(self.shared_fields)
        if backgrounds:
            # The published paths change with the content, not with the questionnaire, so the field is per form.
            self.fields["background"] = forms.ChoiceField(
                label="Your job today (optional)",
                choices=[("", "Rather not say"), *((slug, name) for slug, name in backgrounds)],
                required=False,
                error_messages={"invalid_choice": "That is not one of the listed jobs."},
            )

    @classmethod
    def for_snapshot(cls, snapshot):
        content = snapshot.content
        return _form_class(
            cls,
            snapshot.version,
            tuple((item["id"], item["text"]) for item in content["items"]),
            tuple((row["id"], row["text"]) for row in content.get("experiences", [])),
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

    def groups(self):
        """The statements in groups of GROUP_SIZE: [{"number", "first", "last", "rows"}]."""
        rows = self.items_with_fields()
        return [
            {"number": index // GROUP_SIZE + 1, "first": index + 1, "last": index + len(chunk), "rows": chunk}
            for index in range(0, len(rows), GROUP_SIZE)
            for chunk in [rows[index : index + GROUP_SIZE]]
        ]

    def missing_items(self):
        return [item for item, field in self.items_with_fields() if field.errors]

    def answers(self):
        """{item id: 1-5} once the form is valid."""
        return {item["id"]: self.cleaned_data[self.field_name(item)] for item in self.items}

    def done(self):
        """The ids of the experiences ticked, once the form is valid."""
        return [int(value) for value in self.cleaned_data.get("done", [])]

    def background(self):
        """The slug of the job chosen, or "" when none was, once the form is valid."""
        return self.cleaned_data.get("background", "")


@functools.lru_cache(maxsize=4)
def _form_class(base, version, items, experiences):
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
    if experiences:
        fields["done"] = forms.MultipleChoiceField(
            label="Already done any of these? (optional)",
            choices=[(str(pk), text) for pk, text in experiences],
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={"invalid_choice": "That is not one of the listed experiences."},
        )
    attributes = {
        "shared_fields": fields,
        "snapshot_version": version,
        "items": tuple({"id": item_id, "text": text} for item_id, text in items),
    }
    return type("FitForm", (base,), attributes)
