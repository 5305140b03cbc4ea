from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string

from ..forms import CONSENT_TEXT, SubscribeForm, page_for_consent

register = template.Library()

SIGNUP_TEMPLATE = "newsletter/includes/signup_form.html"


@register.simple_tag
def newsletter_name():
    return settings.NEWSLETTER_NAME


@register.simple_tag(takes_context=True)
def newsletter_signup(context, source="footer", form=None):
    """The sign-up form; `source` is recorded with the subscriber's consent (which form, which page)."""
    if form is not None:  # a submitted form, with the visitor's input and errors
        return _render_signup(form, source, settings.NEWSLETTER_NAME)
    request = context.get("request")
    # Keyed by the page as consent records keep it: tokens in personal links never become keys.
    return _empty_signup(source, page_for_consent(request.path) if request else "", settings.NEWSLETTER_NAME)


@lru_cache(maxsize=512)
def _empty_signup(source, page, newsletter_name):
    # The empty form is the same for every visitor of a page (it holds no token), and rendering its
    # crispy fields was half the time of a page rendered outside the page cache, such as a search.
    return _render_signup(SubscribeForm(source=source, page=page), source, newsletter_name)


def _render_signup(form, source, newsletter_name):
    return render_to_string(
        SIGNUP_TEMPLATE,
        {"form": form, "source": source, "consent_text": CONSENT_TEXT, "NEWSLETTER_NAME": newsletter_name},
    )
