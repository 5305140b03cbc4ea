from django import template

from careerhub.templatetags.site_tags import json_ld
from roles import charts

register = template.Library()
register.filter("json_ld", json_ld)  # roles templates load only roles_tags

# The spectrum is drawn once per screen size (CSS shows one), so that its labels
# keep a readable size instead of shrinking with the picture.
SPECTRUM_SIZES = [
    # (viewBox width, font size, classes that show it)
    (1100, 15, "d-none d-lg-block"),
]


@register.inclusion_tag("roles/charts/skill_chart.html")
def skill_chart(chart, chart_id, title):
    """Draw a ``charts.SkillChart``: one role's bars, or several overlaid with a legend."""
    return {"chart": chart, "chart_id": chart_id, "title": title}


@register.inclusion_tag("roles/charts/heat_map.html")
def heat_map(chart, chart_id, title):
    """Draw a ``charts.SkillChart`` for three or more roles as a roles × skill areas grid."""
    return {"chart": chart, "chart_id": chart_id, "title": title}


@register.filter
def and_join(items):
    """["a", "b", "c"] -> "a, b and c"."""
    items = [str(item) for item in items]
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


@register.inclusion_tag("roles/charts/spectrum.html")
def spectrum_chart(roles):
    roles = list(roles)
    return {
        "roles": sorted(roles, key=lambda r: (r.spectrum_position, r.display_order, r.name)),
        "charts": [
            (charts.spectrum(roles, width=width, font_size=font_size), classes)
            for width, font_size, classes in SPECTRUM_SIZES
        ],
    }
