from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe

from .markdown import render_markdown


class PublishableQuerySet(models.QuerySet):
    """Rows with an ``is_published`` flag: visitors see published ones, editors may preview all."""

    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        opts = self.model._meta
        if user.is_authenticated and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return self.all()
        return self.published()


class ScheduledPublishing(models.Model):
    """Content that goes live or comes down at a set time: ``careerhub.editorial.services.apply_schedule``
    (run every minute) flips ``is_published`` and clears the time it acted on."""

    publish_at = models.DateTimeField(
        "publish at", null=True, blank=True, help_text="Goes live at this time (checked every minute)."
    )
    unpublish_at = models.DateTimeField(
        "unpublish at", null=True, blank=True, help_text="Comes down at this time (checked every minute)."
    )

    class Meta:
        abstract = True

    @staticmethod
    def schedule_constraint(name):
        """For the model's Meta.constraints (a model's own Meta replaces an abstract parent's list)."""
        return models.CheckConstraint(
            condition=models.Q(publish_at__isnull=True)
            | models.Q(unpublish_at__isnull=True)
            | models.Q(unpublish_at__gt=models.F("publish_at")),
            name=name,
            violation_error_message="Unpublish after the time it is published.",
        )

    def clean(self):
        super().clean()
        if self.publish_at and self.unpublish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError({"unpublish_at": "Unpublish after the time it is published."})


class MarkdownModel(models.Model):
    """Renders the fields named in ``markdown_fields`` to sanitised HTML on save.

    Pages read ``obj.html.<field>``: the work of rendering happens once per edit,
    not once per request.
    """

    markdown_fields: tuple[str, ...] = ()

    rendered_html = models.JSONField(default=dict, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render_markdown_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.markdown_fields):
            kwargs["update_fields"] = {*update_fields, "rendered_html"}
        super().save(*args, **kwargs)

    def render_markdown_fields(self):
        self.rendered_html = {name: render_markdown(getattr(self, name)) for name in self.markdown_fields}

    @property
    def html(self):
        rendered = self.rendered_html or {}
        return {
            # Fall back to rendering now for rows written without save() (e.g. bulk_create).
            name: mark_safe(rendered[name] if name in rendered else render_markdown(getattr(self, name)))
            for name in self.markdown_fields
        }
