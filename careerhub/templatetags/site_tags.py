import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: text inside the JSON can never close the <script>.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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
