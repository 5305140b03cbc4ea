"""The editors' admin mixin: history with differences, revert, preview, drafts, "mark reviewed".

Registering a model family is one line: give its ModelAdmin ``EditorialAdmin`` as first base and,
for a preview, ``preview_page = "<app>.views.<function>"`` (a function ``(request, obj, preview=True)``
that returns the public page rendered, not a lazy TemplateResponse: the preview saves the change
inside a transaction, calls it, and rolls the transaction back).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.module_loading import import_string
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import services
from .diff import field_changes, related_changes
from .models import Draft


def problems(form, formsets):
    """What the editor must fix before the change can be saved, one line each."""
    found = [
        f"{form.fields[name].label if name in form.fields else 'Form'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    for formset in formsets:
        if not formset.is_valid():
            label = formset.model._meta.verbose_name_plural
            found += [f"{label}: {error}" for errors in formset.errors for error in errors.as_text().splitlines()]
            found += [f"{label}: {error}" for error in formset.non_form_errors()]
    return found


class EditorialAdmin(VersionAdmin):
    change_form_template = "admin/editorial/change_form.html"
    object_history_template = "admin/editorial/object_history.html"
    history_latest_first = True
    # Set True on anything holding personal data: only superusers may read its history.
    personal_data = False
    # Dotted path of a view function ``(request, obj)`` rendering the public page; None: no preview.
    preview_page = None
    # Published objects may keep a change aside as a draft until an editor presses "Publish".
    drafts = False
    # Shown on the history page: what a revert does not bring back (a role's certification fits...).
    revert_leaves = ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                services.ensure_baseline(obj)  # before the save's own revision block opens
        return super().change_view(request, object_id, form_url, extra_context)

    # Permissions -------------------------------------------------------------------------------

    def has_history_permission(self, request, obj=None):
        if self.personal_data and not request.user.is_superuser:
            return False
        return self.has_view_or_change_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if not self.has_history_permission(request, obj):
            raise PermissionDenied
        context = {"entries": self.history_entries(object_id), "revert_leaves": self.revert_leaves}
        context.update(extra_context or {})
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_history_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_history_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_history_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    # History -----------------------------------------------------------------------------------

    def history_entries(self, object_id):
        """Newest first: each version with what changed since the one before it."""
        opts = self.model._meta
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision", "revision__user")
            .order_by("pk")
        )
        revisions = Version.objects.filter(revision__in=[v.revision_id for v in versions]).select_related("revision")
        by_revision = {}
        for version in revisions:
            by_revision.setdefault(version.revision_id, []).append(version)
        entries, previous = [], None
        for version in versions:
            entries.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "first": previous is None,
                    "changes": field_changes(self.model, previous.field_dict if previous else {}, version.field_dict)
                    if previous
                    else [],
                    "related": related_changes(
                        by_revision.get(previous.revision_id, []), by_revision[version.revision_id], version
                    )
                    if previous
                    else [],
                    "revert_url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                        args=[object_id, version.pk],
                    ),
                }
            )
            previous = version
        entries.reverse()
        if entries:
            entries[0]["current"] = True
        return entries

    # Preview, drafts, review -------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        views = [  # the longer paths first: <path:object_id> would swallow "draft/"
            ("draft/preview/", self.draft_preview_view, "draft_preview"),
            ("draft/publish/", self.draft_publish_view, "draft_publish"),
            ("draft/discard/", self.draft_discard_view, "draft_discard"),
            ("draft/", self.draft_view, "draft"),
            # Not "preview/": a newsletter issue already has an email preview there.
            ("form-preview/", self.preview_view, "form_preview"),
            ("mark-reviewed/", self.mark_reviewed_view, "mark_reviewed"),
        ]
        return [
            *(
                path(f"<path:object_id>/{route}", self.admin_site.admin_view(view), name=f"{prefix}_{name}")
                for route, view, name in views
            ),
            *super().get_urls(),
        ]

    def _changeable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with that ID.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["has_preview"] = bool(self.preview_page) and obj is not None
        context["has_drafts"] = self.drafts and obj is not None and obj.is_published
        context["draft"] = Draft.objects.for_object(obj).first() if obj is not None and self.drafts else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _preview(self, request, object_id, data):
        obj = self._changeable(request, object_id)
        if not self.preview_page:
            raise Http404("This kind of content has no public page to preview.")
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form = self.get_form(request, obj, change=True, fields=fields)(data, request.FILES, instance=obj)
        # The inline formsets as the change view builds them, bound to ``data`` (a draft's or the POST).
        formsets = [
            FormSet(
                data=data,
                files=request.FILES,
                instance=obj,
                prefix=FormSet.get_default_prefix(),
                queryset=inline.get_queryset(request),
            )
            for FormSet, inline in self.get_formsets_with_inlines(request, obj)
        ]
        to_fix = problems(form, formsets)
        if to_fix:
            context = {**self.admin_site.each_context(request), "title": "Preview not possible", "problems": to_fix}
            return TemplateResponse(request, "admin/editorial/preview_problems.html", context, status=400)
        # Saved as the change view saves (the same hooks, so the page shows what a save would), the
        # page rendered from the saved rows, then all of it rolled back, as django-reversion's
        # revision view does. No revision is open and no log entry is written. What the saves set
        # off outside the database: the page cache's generation bump (pages render again, from the
        # unchanged rows) and on_commit work such as the search index's rebuild, which a rollback
        # drops.
        with transaction.atomic():
            self.save_model(request, self.save_form(request, form, change=True), form, change=True)
            self.save_related(request, form, formsets, change=True)
            # Read again, without the related rows the form left behind: the page loads what it draws.
            response = import_string(self.preview_page)(request, self.get_object(request, obj.pk), preview=True)
            transaction.set_rollback(True)
        # Never stored by any cache, never indexed: this page exists for one editor, once.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def preview_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._preview(request, object_id, request.POST)

    def draft_preview_view(self, request, object_id):
        obj = self._changeable(request, object_id)
        draft = get_object_or_404(Draft.objects.for_object(obj))
        return self._preview(request, object_id, draft.as_post())

    def draft_view(self, request, object_id):
        """Keep the submitted change form aside (the live object is not touched)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._changeable(request, object_id)
        if not self.drafts:
            raise Http404("This kind of content has no drafts.")
        services.save_draft(obj=obj, data=Draft.data_from(request.POST), user=request.user)
        self.message_user(request, f"Draft of “{obj}” saved. Visitors still see the published version.")
        return redirect(reverse(f"{self.admin_site.name}:{self._info('change')}", args=[obj.pk]))

    def draft_publish_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._changeable(request, object_id)
        draft = get_object_or_404(Draft.objects.for_object(obj))
        # Publishing replays the draft through the ordinary change form: same validation, same
        # history entry, same page-cache invalidation as a save.
        request.FILES  # noqa: B018  (parse the body now: parsing it later would replace POST again)
        request.POST = draft.as_post()
        response = self.change_view(request, object_id)
        if response.status_code == 302:
            draft.delete()
            messages.success(request, f"Draft of “{obj}” published.")
        else:
            messages.error(request, "The draft no longer validates; correct the fields below and save.")
        return response

    def draft_discard_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._changeable(request, object_id)
        Draft.objects.for_object(obj).delete()
        self.message_user(request, f"Draft of “{obj}” discarded.")
        return redirect(reverse(f"{self.admin_site.name}:{self._info('change')}", args=[obj.pk]))

    def mark_reviewed_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._changeable(request, object_id)
        if not hasattr(obj, "mark_reviewed"):
            raise Http404("This kind of content has no review date.")
        services.mark_reviewed(obj=obj, user=request.user)
        self.message_user(request, f"“{obj}” marked as reviewed today.")
        if request.POST.get("back_to") == "index":  # the review queue on the admin index
            return redirect(f"{self.admin_site.name}:index")
        return redirect(reverse(f"{self.admin_site.name}:{self._info('change')}", args=[obj.pk]))

    def _info(self, view):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "content_object", "created_by", "updated_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "created_by"]
    readonly_fields = ["content_type", "object_id", "form_data", "created_by", "updated_at"]

    def has_add_permission(self, request):
        return False  # drafts come from a change form's "Save as draft" button
