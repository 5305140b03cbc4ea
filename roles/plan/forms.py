from django import forms

from roles.models import RoadmapStep, Role
from roles.paths.models import Background

from .models import MAX_HOURS_PER_WEEK, PlanStep, Progress

STATUS_CHOICES = [(Progress.TODO, "To do"), *PlanStep.Status.choices]


class StartPlanForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=Role.objects.published(),
        to_field_name="slug",
        error_messages={
            "required": "Choose a role to plan for.",
            "invalid_choice": "We have no published role by that name; pick one from the roles page.",
        },
    )
    # Sent by a path page ("from your job today"): the plan starts with that background's known steps marked.
    background = forms.ModelChoiceField(
        queryset=Background.objects.published(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "We have no published path by that name; pick one from the paths page."},
    )
    # Steps to mark "known already" from the start (the questionnaire's result sends them).
    known = forms.ModelMultipleChoiceField(queryset=RoadmapStep.objects.all(), required=False)

    def clean(self):
        cleaned = super().clean()
        role, known = cleaned.get("role"), cleaned.get("known")
        if role and known and any(step.role_id != role.pk for step in known):
            self.add_error("known", "Those steps belong to another role's roadmap.")
        return cleaned

    def known_steps(self):
        """The steps sent as known, and those the chosen background usually knows, of the chosen role."""
        background = self.cleaned_data["background"]
        from_path = background.known_steps_for(self.cleaned_data["role"]) if background else []
        return list({step.pk: step for step in [*self.cleaned_data["known"], *from_path]}.values())


class PlanForm(forms.Form):
    """The whole checklist and the weekly hours in one form, so it works without JavaScript."""

    hours_per_week = forms.IntegerField(
        label="Hours a week",
        min_value=1,
        max_value=MAX_HOURS_PER_WEEK,
        error_messages={
            "required": "Say how many hours a week you can give, from 1 to 80.",
            "invalid": "Hours a week must be a whole number, from 1 to 80.",
            "min_value": "Hours a week must be at least 1.",
            "max_value": f"Hours a week can be at most {MAX_HOURS_PER_WEEK}.",
        },
    )

    def __init__(self, *args, progress, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for step, status in progress.rows:
            name = f"step-{step.pk}"
            self.fields[name] = forms.ChoiceField(
                label=step.title,
                choices=STATUS_CHOICES,
                initial=status,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Choose to do, done, known already or skip for “{step.title}”."},
            )
            self.rows.append((step, name))

    def statuses(self):
        """{step id: status} for every step that is not "to do"."""
        chosen = {step.pk: self.cleaned_data[name] for step, name in self.rows}
        return {pk: status for pk, status in chosen.items() if status != Progress.TODO}

    def steps(self):
        """(step, bound field) pairs for the template."""
        return [(step, self[name]) for step, name in self.rows]
