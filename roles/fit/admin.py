"""Admin for the role-fit questionnaire.

Editors change dimensions, statements (with their loadings), role targets and try-out tasks;
every save that changes what visitors answer or how it is scored publishes a new snapshot, once
per request, and queues its calibration (a task: the Calibration page says "running" until the
report is stored). Results are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from careerhub.core.admin import ReadOnlyAdminMixin
from careerhub.editorial.admin import EditorialAdmin

from . import calibration, scoring, services
from .models import Dimension, Experience, Item, Loading, Result, RoleTarget, Snapshot, TryOut


class PublishesSnapshot:
    """Publish one snapshot after any request that saved or deleted questionnaire content."""

    def _changed(self, request):
        request._fit_changed = True

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._changed(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._changed(request)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._changed(request)

    def _publish_if_changed(self, request, response):
        if getattr(request, "_fit_changed", False):
            request._fit_changed = False
            snapshot = services.publish_snapshot()
            url = reverse("admin:fit_snapshot_changelist")
            report = snapshot.calibration
            if report is None:
                message = format_html(
                    "Published. The calibration is running in the background: <a href='{}'>see the calibration</a>.",
                    url,
                )
                self.message_user(request, message, messages.INFO)
            elif report["problems"]:
                message = format_html(
                    "The questionnaire needs attention: {} <a href='{}'>See the calibration</a>.",
                    " ".join(report["problems"]),
                    url,
                )
                self.message_user(request, message, messages.WARNING)
            else:
                message = format_html(
                    "Published and calibrated: every role can come first. <a href='{}'>See the calibration</a>.", url
                )
                self.message_user(request, message, messages.SUCCESS)
        return response

    def changeform_view(self, request, *args, **kwargs):
        return self._publish_if_changed(request, super().changeform_view(request, *args, **kwargs))

    def changelist_view(self, request, *args, **kwargs):
        return self._publish_if_changed(request, super().changelist_view(request, *args, **kwargs))

    def delete_view(self, request, *args, **kwargs):
        return self._publish_if_changed(request, super().delete_view(request, *args, **kwargs))


@admin.register(Dimension)
class DimensionAdmin(PublishesSnapshot, EditorialAdmin):
    list_display = ["name", "slug", "low_label", "high_label", "display_order"]
    list_editable = ["display_order"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", ("low_label", "high_label"), "display_order"]}),
        ("How the result page describes a role on this dimension", {"fields": ["often", "sometimes", "rarely"]}),
    ]


class LoadingInline(admin.TabularInline):
    model = Loading
    extra = 0
    min_num = 1
    max_num = 2
    verbose_name = "dimension it measures"
    verbose_name_plural = "dimensions it measures (one or two)"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.update(validate_min=True, validate_max=True)
        return super().get_formset(request, obj, **kwargs)


@admin.register(Item)
class ItemAdmin(PublishesSnapshot, EditorialAdmin):
    list_display = ["text", "measures", "display_order", "is_published"]
    list_editable = ["display_order", "is_published"]
    list_filter = ["is_published", "loadings__dimension"]
    search_fields = ["text"]
    fields = ["text", ("display_order", "is_published")]
    inlines = [LoadingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("loadings__dimension")

    @admin.display(description="measures")
    def measures(self, item):
        return ", ".join(f"{loading.dimension} ({loading.weight:+d})" for loading in item.loadings.all())


@admin.register(RoleTarget)
class RoleTargetAdmin(PublishesSnapshot, EditorialAdmin):
    list_display = ["role", "dimension", "target", "reason"]
    list_editable = ["target", "reason"]
    list_filter = ["role", "dimension"]
    list_select_related = ["role", "dimension"]
    list_per_page = 100


@admin.register(Experience)
class ExperienceAdmin(PublishesSnapshot, EditorialAdmin):
    list_display = ["text", "display_order"]
    list_editable = ["display_order"]
    filter_horizontal = ["steps"]


@admin.register(TryOut)
class TryOutAdmin(EditorialAdmin):
    list_display = ["role", "task"]
    list_select_related = ["role"]


def percent(share):
    return f"{100 * share:.1f}%"


def target_rows(content):
    """Per role of a snapshot: its target and reason on each dimension, for the Calibration page."""
    return [
        {
            "name": role["name"],
            "rows": [
                {
                    "name": dim["name"],
                    "target": role["targets"].get(dim["slug"]),
                    "reason": role.get("reasons", {}).get(dim["slug"]),
                }
                for dim in content.get("dimensions", [])
            ],
        }
        for role in content.get("roles", [])
    ]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The Calibration page (listed as "Calibration"): the live snapshot's stored report, and a way to republish."""

    def get_urls(self):
        publish = self.admin_site.admin_view(require_POST(self.publish_view))
        return [path("publish/", publish, name="fit_snapshot_publish"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        snapshot = Snapshot.objects.latest_first().first()
        report = snapshot.calibration if snapshot else None
        random_report = report["random"] if report else {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Calibration",
            "snapshot": snapshot,
            "report": report,
            "targets": target_rows(snapshot.content) if snapshot else [],
            "random_rows": [{**row, "percent": percent(row["share"])} for row in random_report.get("wins", [])],
            "little_percent": percent(random_report.get("little_share", 0)),
            "close_percent": percent(random_report.get("close_share", 0)),
            "min_percent": round(100 * calibration.MIN_SHARE),
            "max_percent": round(100 * calibration.MAX_SHARE),
            "close_match": scoring.CLOSE_MATCH,
            "stable_points": calibration.STABLE_POINTS,
            "running": snapshot.is_calibrating(now=timezone.now()) if snapshot else False,
            "history": Snapshot.objects.latest_first().defer("content", "calibration")[:10],
            "can_publish": request.user.has_perm("fit.change_item"),
        }
        return TemplateResponse(request, "fit/admin/calibration.html", context)

    def publish_view(self, request):
        if not request.user.has_perm("fit.change_item"):
            raise PermissionDenied
        snapshot = services.publish_snapshot()
        if snapshot.calibration is None:
            message = "The questionnaire was compiled again; its calibration is running."
        else:
            message = "The questionnaire was compiled again; its calibration is stored."
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:fit_snapshot_changelist"))


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["created_at", "top_role", "top_match", "questionnaire_version"]
    list_filter = ["top_role"]
    list_select_related = ["top_role"]
    date_hierarchy = "created_at"
    fields = ["id", "created_at", "top_role", "ranking_table", "answer_list", "questionnaire_version"]
    readonly_fields = fields
    change_list_template = "fit/admin/result_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # results are a record of what a visitor answered

    def get_queryset(self, request):
        # __str__ names the top role: the delete page lists many results.
        return super().get_queryset(request).select_related("top_role")

    @admin.display(description="first match")
    def top_match(self, result):
        # The stored scores hold the band (an earlier edition's, the score): no snapshot needed per row.
        if not result.scores:
            return "—"
        first = result.scores[0]
        return first.get("band") or first.get("score")

    @admin.display(description="ranking")
    def ranking_table(self, result):
        names = {role["id"]: role["name"] for role in result.snapshot.content["roles"]}
        rows = ((names[row["role_id"]], row.get("band") or row.get("score")) for row in result.scores)
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{} · {}</li>", rows))

    @admin.display(description="answers")
    def answer_list(self, result):
        rows = ((a["text"], dict(scoring.SCALE).get(a["value"], a["value"])) for a in result.answer_rows())
        return format_html("<ol>{}</ol>", format_html_join("", "<li>{}<br><strong>{}</strong></li>", rows))

    def get_urls(self):
        view = self.admin_site.admin_view(self.stats_view)
        return [path("stats/", view, name="fit_result_stats"), *super().get_urls()]

    def stats_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Questionnaire statistics",
            "stats": services.fit_statistics(),
        }
        return TemplateResponse(request, "fit/admin/stats.html", context)
