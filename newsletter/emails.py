"""Building the newsletter's emails: one Django template per email that renders Markdown, sent as the
plain-text part and, rendered like every page (markdown-it + nh3), as the HTML part. An issue is
rendered once per set of parts; each recipient's message swaps the placeholders for their own links.
"""

import re
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from careerhub.core.markdown import render_markdown, wrap_text

# Swapped for each recipient's own link after rendering; URL-safe so that it survives Markdown
# rendering and HTML escaping unchanged; longer than a line of text, so that wrapping gives it a line
# of its own and the longer or shorter personal link never makes a line of words too long.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/personal-link-on-a-line-of-its-own-in-the-plain-text"
PREFERENCES_PLACEHOLDER = "https://preferences.invalid/personal-link-on-a-line-of-its-own-in-the-plain-text"
_RELATIVE_MARKDOWN_LINK = re.compile(r"\]\((/[^)\s]*)")
# A Markdown link's target, site-relative or absolute: what the click counter can stand in for.
_MARKDOWN_LINK_TARGET = re.compile(r"\]\(((?:https?://|/)[^)\s]*)")
_BLANK_LINES = re.compile(r"\n{3,}")


def absolute_url(path):
    return settings.SITE_URL + path


def list_id():
    return f"{settings.NEWSLETTER_NAME} <newsletter.{settings.NEWSLETTER_LIST_ID_DOMAIN}>"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str

    def personalised(self, unsubscribe_url, preferences_url):
        links = {UNSUBSCRIBE_PLACEHOLDER: unsubscribe_url, PREFERENCES_PLACEHOLDER: preferences_url}
        text, html = self.text, self.html
        for placeholder, url in links.items():
            text, html = text.replace(placeholder, url), html.replace(placeholder, url)
        return RenderedEmail(subject=self.subject, text=text, html=html)

    def message(self, *, to, unsubscribe_url, preferences_url):
        """The message for one recipient, with their own links in the body and headers."""
        own = self.personalised(unsubscribe_url, preferences_url)
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=own.text,
            from_email=settings.NEWSLETTER_FROM_EMAIL,
            to=[to],
            reply_to=[settings.NEWSLETTER_REPLY_TO],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                # RFC 8058: mail clients may POST "List-Unsubscribe=One-Click" to the URL above.
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": list_id(),
            },
        )
        message.attach_alternative(own.html, "text/html")
        return message


def render_email(template_name, context, *, subject, preheader=""):
    context = {
        "NEWSLETTER_NAME": settings.NEWSLETTER_NAME,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "newsletter_url": absolute_url(reverse("newsletter:index")),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "preferences_url": PREFERENCES_PLACEHOLDER,
        **context,
    }
    text = render_to_string(template_name, context)
    # Editors may link to pages on this site with relative paths; an email needs absolute ones.
    text = _RELATIVE_MARKDOWN_LINK.sub(lambda m: "](" + absolute_url(m.group(1)), text)
    text = _BLANK_LINES.sub("\n\n", text).strip() + "\n"
    html = render_to_string(
        "newsletter/email/layout.html",
        {**context, "subject": subject, "preheader": preheader, "body": mark_safe(render_markdown(text))},
    )
    # Wrapped only now: a heading's or a paragraph's line breaks would change what Markdown makes of it.
    return RenderedEmail(subject=subject, text=wrap_text(text), html=html)


def links_in(issue):
    """The issue's link targets, absolute, in order of first appearance (positions start at 1)."""
    found = []
    for _, markdown, _ in issue.sections():
        for target in _MARKDOWN_LINK_TARGET.findall(markdown):
            url = absolute_url(target) if target.startswith("/") else target
            if url not in found:
                found.append(url)
    return found


def _through_counter(issue, markdown, positions):
    """Link targets replaced by /newsletter/r/<issue>/<position>/, which counts and redirects."""

    def counted(match):
        target = match.group(1)
        url = absolute_url(target) if target.startswith("/") else target
        if url not in positions:
            return match.group(0)
        return "](" + absolute_url(reverse("newsletter:click", args=[issue.number, positions[url]]))

    return _MARKDOWN_LINK_TARGET.sub(counted, markdown)


def render_issue(issue, lanes=None, *, counted_links=None):
    """The issue as readers of `lanes` (role ids; none means all) get it.

    `counted_links` ({url: position}) sends those links through the click counter.
    """
    sections = issue.sections(lanes)
    if counted_links:
        sections = [(heading, _through_counter(issue, text, counted_links), html) for heading, text, html in sections]
    return render_email(
        "newsletter/email/issue.md",
        {
            "issue": issue,
            "sections": sections,
            "issue_url": absolute_url(issue.get_absolute_url()) if issue.is_published else "",
        },
        subject=f"{settings.NEWSLETTER_NAME} #{issue.number}: {issue.title}",
        preheader=issue.preheader,
    )


def confirmation_message(subscriber):
    rendered = render_email(
        "newsletter/email/confirm.md",
        {"confirm_url": absolute_url(subscriber.confirm_path())},
        subject=f"Confirm your subscription to {settings.NEWSLETTER_NAME}",
        preheader="One click and the first issue is on its way.",
    )
    return subscriber_message(rendered, subscriber)


def welcome_message(subscriber, welcome, *, latest_issue=None):
    rendered = render_email(
        "newsletter/email/welcome.md",
        {"welcome": welcome, "latest_url": absolute_url(latest_issue.get_absolute_url()) if latest_issue else ""},
        subject=welcome.subject,
        preheader=welcome.preheader,
    )
    return subscriber_message(rendered, subscriber)


def subscriber_message(rendered, subscriber):
    """A rendered email for one subscriber, with their own unsubscribe and preferences links."""
    return rendered.message(
        to=subscriber.email,
        unsubscribe_url=absolute_url(subscriber.unsubscribe_path()),
        preferences_url=absolute_url(subscriber.preferences_path()),
    )


def without_subscriber(rendered):
    """Previews and tests have no subscriber behind them: both links show the newsletter page."""
    page = absolute_url(reverse("newsletter:index"))
    return rendered.personalised(page, page)


def send_test(rendered, *, to):
    """`rendered` to one address (an editor's own), its subject marked as a test."""
    page = absolute_url(reverse("newsletter:index"))
    replace(rendered, subject=f"[Test] {rendered.subject}").message(
        to=to, unsubscribe_url=page, preferences_url=page
    ).send()
