from django import template
from django.conf import settings

from ..forms import CONSENT_TEXT, SubscribeForm

register = template.Library()


@register.simple_tag
def newsletter_name():
    return settings.NEWSLETTER_NAME


@register.inclusion_tag("newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup(context, source="footer", form=None):
    """The sign-up form; `source` is recorded with the subscriber's consent (which form, which page)."""
    request = context.get("request")
    page = request.path if request else ""
    return {
        "form": form or SubscribeForm(source=source, page=page),
        "source": source,
        "consent_text": CONSENT_TEXT,
        "NEWSLETTER_NAME": settings.NEWSLETTER_NAME,
    }
