from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import QueryDict


class DraftQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class Draft(models.Model):
    """An unpublished change to a published object: the change form exactly as the editor sent it.

    Keeping the submitted form (not a copy of the rows) means publishing runs the admin's own
    validation and saving, inlines included, and the live rows stay untouched until then.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    form_data = models.JSONField(help_text="The change form's fields, each a list of values.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_draft_per_object"),
        ]

    def __str__(self):
        return f"Draft of {self.content_type.name} {self.object_id}"

    @staticmethod
    def data_from(post):
        # The token and the button pressed belong to that request, not to the draft.
        skip = {"csrfmiddlewaretoken", "_draft", "_preview", "_save", "_continue", "_addanother", "_saveasnew"}
        return {key: post.getlist(key) for key in post if key not in skip}

    def as_post(self):
        data = QueryDict(mutable=True)
        for key, values in self.form_data.items():
            data.setlist(key, values)
        return data
