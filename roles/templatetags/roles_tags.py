import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from roles import charts

register = template.Library()

# The same escapes as Django's json_script: text inside the JSON can never close the <script>.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# The spectrum is drawn once per screen size (CSS shows one), so that its labels
# keep a readable size instead of shrinking with the picture.
SPECTRUM_SIZES = [
    # (viewBox width, font size, classes that show it)
    (1100, 15, "d-none d-lg-block"),
    (660, 14, "d-none d-sm-block d-lg-none"),
    (340, 13, "d-sm-none"),
]


@register.filter
def json_ld(data, nonce=""):
    """Render ``data`` as a schema.org JSON-LD script element, safely escaped.

    Pass ``request.csp_nonce`` so that the element carries the page's CSP nonce.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    nonce = str(nonce)  # django-csp's lazy nonce is falsy until str() evaluates it
    if nonce:
        return format_html('<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(text))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.inclusion_tag("roles/charts/skill_chart.html")
def skill_chart(chart, chart_id, title):
    """Draw a ``charts.SkillChart``: one role's bars, or several overlaid with a legend."""
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
