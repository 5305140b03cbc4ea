from django import forms

from .fit_models import MAX_WEIGHT, Choice, ChoiceWeight

MISSING = "Choose one answer to this question."


class FitForm(forms.Form):
    """One radio group per published question, plus the questionnaire version it was built from.

    Validation never queries the database: choices come from the prefetched questions.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions, version, **kwargs):
        super().__init__(*args, initial={"version": version}, **kwargs)
        self.questions = list(questions)
        self.current_version = version
        self._choices = {}
        for question in self.questions:
            choices = list(question.choices.all())
            self._choices[question.pk] = {str(choice.pk): choice for choice in choices}
            self.fields[self.field_name(question)] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(str(choice.pk), choice.text) for choice in choices],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": MISSING,
                    "invalid_choice": "That answer is not one of the options for this question.",
                },
            )

    @staticmethod
    def field_name(question):
        return f"q{question.pk}"

    def is_stale(self):
        """True when the form was built from other questions than the ones published now."""
        return self.is_bound and self.data.get("version") != self.current_version

    def is_tampered(self):
        """Errors other than unanswered questions: values no browser sends from our page."""
        return any(
            error.code != "required"
            for name, errors in self.errors.as_data().items()
            if name != "version"
            for error in errors
        )

    def questions_with_fields(self):
        return [(question, self[self.field_name(question)]) for question in self.questions]

    def missing_questions(self):
        return [question for question, field in self.questions_with_fields() if field.errors]

    def picked(self):
        """{question pk: Choice} once the form is valid."""
        return {
            question.pk: self._choices[question.pk][self.cleaned_data[self.field_name(question)]]
            for question in self.questions
        }


class ChoiceWeightsForm(forms.ModelForm):
    """A choice in the admin inline with one weight field per role: the choice × role grid.

    Subclassed per request with one ``weight_<role pk>`` field per role (see
    ChoiceInline.get_formset); the weights are saved with the choice.
    """

    roles = ()

    class Meta:
        model = Choice
        fields = ["text", "display_order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            weights = self.instance.weight_map()
            for role in self.roles:
                self.initial.setdefault(self.weight_field(role), weights.get(role.pk, 0))

    @staticmethod
    def weight_field(role):
        return f"weight_{role.pk}"

    @classmethod
    def for_roles(cls, roles):
        fields = {
            cls.weight_field(role): forms.IntegerField(
                label=role.name if role.is_published else f"{role.name} (unpublished)",
                required=False,
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=0,
                widget=forms.NumberInput(attrs={"class": "fit-weight", "min": 0, "max": MAX_WEIGHT}),
                error_messages={"invalid": "Use a whole number from 0 to 5."},
            )
            for role in roles
        }
        return type("ChoiceWeightsForm", (cls,), {**fields, "roles": tuple(roles)})

    def clean(self):
        cleaned = super().clean()
        # A blank weight means 0; it is the editor's shorthand for "does not point here".
        weights = {role.pk: cleaned.get(self.weight_field(role)) or 0 for role in self.roles}
        if not any(weights[role.pk] for role in self.roles if role.is_published):
            raise forms.ValidationError("Give this answer a weight above 0 for at least one published role.")
        self.weights = weights
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        for role in self.roles:
            weight = self.weights[role.pk]
            if weight:
                ChoiceWeight.objects.update_or_create(choice=self.instance, role=role, defaults={"weight": weight})
            else:
                ChoiceWeight.objects.filter(choice=self.instance, role=role).delete()
