"""Admin for the decoder's vocabulary, with an editors' test bench and the calibration page.

Phrases have history like other content (EditorialAdmin). The test bench reads a pasted posting
with the live vocabulary and shows every match, its weight and the lane sums; the calibration
page reads the labelled set and shows the confusion table. Neither keeps the text.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from careerhub.editorial.admin import EditorialAdmin

from . import calibration, reader, services
from .forms import PostingForm
from .models import LaneWeight, Phrase


class LaneWeightInline(admin.TabularInline):
    model = LaneWeight
    extra = 0
    verbose_name = "lane it points to"
    verbose_name_plural = "lanes it points to (leave empty when the phrase is no strong signal)"


class PhraseForm(forms.ModelForm):
    class Meta:
        widgets = {"variants": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        # One spelling, one phrase: otherwise which phrase a posting's words count for is a coin toss.
        ours = _forms(cleaned.get("text", ""), cleaned.get("variants", ""))
        taken = {}
        for other in Phrase.objects.exclude(pk=self.instance.pk):
            for spelling in other.forms:
                taken.setdefault(spelling, other)
        clashes = sorted(f"“{spelling}” ({taken[spelling]})" for spelling in ours & taken.keys())
        if clashes:
            raise forms.ValidationError("Already a spelling of another phrase: " + ", ".join(clashes))
        return cleaned


def _forms(text, variants):
    return {reader.folded(line) for line in [text, *variants.splitlines()]} - {""}


@admin.register(Phrase)
class PhraseAdmin(EditorialAdmin):
    form = PhraseForm
    list_display = ["text", "kind", "areas", "lanes", "is_active"]
    list_filter = ["kind", "is_active", "skill_areas", "lane_weights__role"]
    list_editable = ["is_active"]
    search_fields = ["text", "variants", "note"]
    filter_horizontal = ["skill_areas"]
    fields = ["text", "variants", "kind", "skill_areas", "note", "is_active"]
    inlines = [LaneWeightInline]
    change_list_template = "postings/admin/phrase_change_list.html"
    revert_leaves = "a revert brings back the phrase's spellings, skill areas and lane weights."

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skill_areas", "lane_weights__role")

    @admin.display(description="skill areas")
    def areas(self, phrase):
        return ", ".join(area.name for area in phrase.skill_areas.all()) or "—"

    @admin.display(description="lanes (weight)")
    def lanes(self, phrase):
        return ", ".join(f"{weight.role} ({weight.weight})" for weight in phrase.lane_weights.all()) or "—"

    def get_urls(self):
        return [
            path("test-bench/", self.admin_site.admin_view(self.test_bench_view), name="postings_phrase_test_bench"),
            path("calibration/", self.admin_site.admin_view(self.calibration_view), name="postings_phrase_calibration"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def test_bench_view(self, request):
        form = PostingForm(request.POST if request.method == "POST" else None)
        reading = services.read_posting(text=form.cleaned_data["posting"]) if form.is_valid() else None
        rows = []
        if reading is not None:
            # One row per phrase with its points for each lane, in the ranking's column order.
            slugs = [score.lane.slug for score in reading.ranking]
            rows = [{"item": item, "points": [item.points.get(slug, 0) for slug in slugs]} for item in reading.evidence]
        context = self._context(
            request,
            "Test bench",
            form=form,
            reading=reading,
            rows=rows,
            title_points=reader.TITLE_POINTS,
            min_phrases=reader.MIN_PHRASES,
            min_points=reader.MIN_POINTS,
        )
        response = TemplateResponse(request, "postings/admin/test_bench.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    def calibration_view(self, request):
        report = calibration.calibrate(services.current_reader())
        context = self._context(
            request,
            "Calibration",
            report=report,
            columns=[*report.lanes, None],
            required=calibration.REQUIRED_ACCURACY,
            required_percent=round(calibration.REQUIRED_ACCURACY * 100),
        )
        return TemplateResponse(request, "postings/admin/calibration.html", context)
