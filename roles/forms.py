import re

from django import forms
from django.template.defaultfilters import truncatechars

from .models import MAX_COMPARED, MIN_COMPARED, Role

TOO_FEW = f"Tick at least {MIN_COMPARED} roles to compare."

# What a role slug can look like. Anything else is unknown without asking the
# database, which also keeps NUL bytes and megabyte-long values away from it.
SLUG_RE = re.compile(r"[-a-z0-9_]{1,80}")


def not_a_role(value):
    return forms.ValidationError(f"“{truncatechars(value, 40)}” is not one of our roles.", code="invalid_choice")


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        # Repeated values count once, and an over-long list is refused before it reaches the database.
        if isinstance(value, list | tuple):
            value = list(dict.fromkeys(value))
            if len(value) > MAX_COMPARED:
                raise forms.ValidationError(
                    f"You can compare at most {MAX_COMPARED} roles at once; you ticked {len(value)}.",
                    code="too_many",
                )
            for item in value:
                if not SLUG_RE.fullmatch(str(item)):
                    raise not_a_role(str(item))
        return super().clean(value)


class CompareForm(forms.Form):
    roles = RoleChoiceField(
        queryset=Role.objects.published(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label="Roles to compare",
        help_text=f"Tick {MIN_COMPARED} to {MAX_COMPARED} roles.",
        error_messages={
            "required": TOO_FEW,
            "invalid_choice": "“%(value)s” is not one of our roles.",
            "invalid_pk_value": "“%(pk)s” is not one of our roles.",
            "invalid_list": "Tick the roles you want to compare.",
        },
    )

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if len(roles) < MIN_COMPARED:
            raise forms.ValidationError(TOO_FEW, code="too_few")
        return roles
