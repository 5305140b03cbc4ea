from django import template

from ..queue import review_queue

register = template.Library()


@register.inclusion_tag("admin/editorial/review_queue.html", takes_context=True)
def review_queue_panel(context):
    return {"sections": review_queue(), "csrf_token": context.get("csrf_token"), "user": context["user"]}
