from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.safestring import mark_safe

from .markdown import render_markdown


class PlainInsertQuerySet(models.QuerySet):
    """store(): one plain INSERT, for the rows a public form writes on every submission.

    save() runs signals, builds the statement through the SQL compiler and asks for the new key
    back (RETURNING): 0.15 to 0.19 ms of the 1.2 ms of CPU a form POST took. store() takes
    values by column attribute (``snapshot_id``, not ``snapshot``), gives every other field its
    default, and returns the primary key when the row's default made it (a UUID), else None.
    """

    def store(self, **values):
        connection = connections[self.db]
        meta = self.model._meta
        fields = [field for field in meta.concrete_fields if not field.db_returning]  # not a serial key
        row = {
            field.attname: values.pop(field.attname) if field.attname in values else _default(field) for field in fields
        }
        if values:
            raise TypeError(f"{self.model.__name__} has no field(s) {', '.join(values)}")
        params = [field.get_db_prep_save(row[field.attname], connection) for field in fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})", params)
        return row.get(meta.pk.attname)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


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
    """Publishable content that can go live or come down at a set time, with nobody at the keyboard.

    ``careerhub.editorial.services.apply_schedule`` (run every minute) flips ``is_published`` and
    clears the time it acted on.
    """

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
