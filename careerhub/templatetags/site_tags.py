import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: text inside the JSON can never close the <script>.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Render ``data`` as a schema.org JSON-LD data block, safely escaped.

    A data block is not script (browsers never run it), so the strict CSP needs no nonce for it,
    and the page stays the same bytes for every visitor.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}`` renders the markup between into the variable ``name``.

    It hands rich parts (a lead with links, badges, a form) to an include that takes them as
    variables, such as ``includes/page_header.html``. What it captures was escaped as it rendered,
    so it is marked safe.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the name of the variable to set")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Stripped, so that markup which rendered to nothing leaves the variable empty (false).
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""
