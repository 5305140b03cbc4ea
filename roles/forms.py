from django import forms

from .models import MAX_COMPARED, MIN_COMPARED, Role


class CompareForm(forms.Form):
    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.published(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Roles to compare",
        help_text=f"Tick {MIN_COMPARED} to {MAX_COMPARED} roles.",
        error_messages={
            "required": f"Tick at least {MIN_COMPARED} roles to compare.",
            "invalid_choice": "%(value)s is not one of our roles.",
            "invalid_pk_value": "%(pk)s is not one of our roles.",
        },
    )

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if len(roles) < MIN_COMPARED:
            raise forms.ValidationError(f"Tick at least {MIN_COMPARED} roles to compare.")
        if len(roles) > MAX_COMPARED:
            raise forms.ValidationError(f"You can compare at most {MAX_COMPARED} roles at once.")
        return roles
