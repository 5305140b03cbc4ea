import uuid

from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from certifications.models import Certification

from . import ratelimit, tasks
from .forms import (
    CONSENT_TEXT,
    CONSENT_VERSION,
    WATCH_CONSENT_TEXT,
    AddWatchForm,
    PreferencesForm,
    SubscribeForm,
    WatchForm,
)
from .models import Enrolment, Issue, Lesson, Subscriber, Watch
from .services import clicks, courses, subscriptions, watching
from .services import preferences as lane_preferences


def _context(**extra):
    return {"NEWSLETTER_NAME": settings.NEWSLETTER_NAME, "consent_text": CONSENT_TEXT, **extra}


@require_safe
def index(request):
    return _index(request, SubscribeForm(source="page", page=request.path))


def _index(request, form, status=200):
    sample = Issue.objects.archived().first()
    context = _context(form=form, sample=sample, page_has_signup=True)
    return render(request, "newsletter/index.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The POST target of every sign-up form. The answer never tells whether an address is known."""
    if request.method != "POST":
        return redirect("newsletter:index")
    form = SubscribeForm(request.POST)
    if not form.is_bot and not form.is_valid():
        return _index(request, form, status=400)
    if not ratelimit.allow_signup(request):
        return render(request, "newsletter/rate_limited.html", _context(), status=429)
    # A bot gets the same answer as a real sign-up, so it learns nothing; nothing is stored or sent.
    # A person's sign-up is one task, the same whatever the address's state: the task looks the
    # address up, so neither the answer nor its timing tells whether it is known.
    if not form.is_bot:
        tasks.queue_sign_up(
            email=form.cleaned_data["email"],
            source=form.consent_source(),
            consent_text=CONSENT_TEXT,
            consent_version=CONSENT_VERSION,
        )
    # Post/Redirect/Get: reloading the answer never signs up again, and the answer is one cached
    # page for everyone (it says nothing about the address, so it may be shared).
    return HttpResponseRedirect(reverse("newsletter:subscribe_done"), status=303)


@require_safe
def subscribe_done(request):
    return render(request, "newsletter/subscribe_done.html", _context())


def _subscriber_for(key_hex):
    try:
        key = uuid.UUID(hex=key_hex)
    except (TypeError, ValueError):
        return None
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        # A signed key that matches no row: pruned, or merged into another row for the same inbox.
        subscriber = Subscriber.objects.filter(earlier_records__icontains=key.hex).first()
    return subscriber


def _subscriber_or_404(token, key_from_token):
    """The subscriber behind a never-expiring signed link; a forged or tampered one is a 404."""
    try:
        subscriber = _subscriber_for(key_from_token(token))
    except signing.BadSignature:
        subscriber = None
    if subscriber is None:
        raise Http404("Unknown link")
    return subscriber


def _link_not_working(request, *, status, reason="broken"):
    form = SubscribeForm(source="new-link", page=request.path)
    return render(request, "newsletter/link_invalid.html", _context(form=form, reason=reason), status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button and changes nothing (mail scanners follow links); POST confirms."""
    try:
        key_hex, stamp = Subscriber.key_from_confirm_token(token)
    except signing.SignatureExpired:
        return _link_not_working(request, status=410, reason="expired")
    except signing.BadSignature:
        return _link_not_working(request, status=404)
    subscriber = _subscriber_for(key_hex)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        # Pruned, or unsubscribed since this link was sent: a new sign-up is needed.
        return _link_not_working(request, status=404)
    if subscriber.key.hex != key_hex or stamp != subscriber.confirmation_stamp:
        # Only the latest confirmation email's link works (and not one of a merged row).
        return _link_not_working(request, status=410, reason="replaced")
    if request.method == "POST":
        if subscriptions.confirm(subscriber=subscriber):
            tasks.send_welcome_email.enqueue(subscriber_id=subscriber.pk)
        return render(request, "newsletter/confirmed.html", _context())
    return render(request, "newsletter/confirm.html", _context(subscriber=subscriber))


# RFC 8058 one-click requests come from mail providers without cookies, tokens or Origin, which
# public_form (urls.py) lets through; the action needs the secret signed token anyway.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a one-button page; POST (a person or a one-click client) unsubscribes. 200, no redirect."""
    subscriber = _subscriber_or_404(token, Subscriber.key_from_unsubscribe_token)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html", _context())
    return render(request, "newsletter/unsubscribe.html", _context(subscriber=subscriber))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """A subscriber's lanes, watches, courses and a way out, from the signed link in every email. No login."""
    subscriber = _subscriber_or_404(token, Subscriber.key_from_preferences_token)
    roles = lane_preferences.lane_choices()
    lanes_form = PreferencesForm(roles=roles, initial={"lanes": list(subscriber.lanes.values_list("pk", flat=True))})
    watch_form = AddWatchForm(certifications=watching.watchable_certifications())
    saved = ""
    if request.method == "POST":
        action = request.POST.get("action", "lanes")
        if action == "lanes":
            lanes_form = PreferencesForm(request.POST, roles=roles)
            if not lanes_form.is_valid():
                return _preferences_page(request, subscriber, lanes_form, watch_form, status=400)
            lane_preferences.set_lanes(subscriber=subscriber, lanes=lanes_form.cleaned_data["lanes"])
            saved = "Saved. The next issue follows these choices."
        elif action == "watch":
            watch_form = AddWatchForm(request.POST, certifications=watching.watchable_certifications())
            if not watch_form.is_valid():
                return _preferences_page(request, subscriber, lanes_form, watch_form, status=400)
            certification = watch_form.cleaned_data["certification"]
            watching.add_watch(subscriber=subscriber, certification=certification)
            saved = f"Watching {certification.short_name}: you hear when it changes."
            watch_form = AddWatchForm(certifications=watching.watchable_certifications())
        elif action == "unwatch" and request.POST.get("certification", "").isdigit():
            watching.remove_watch(subscriber=subscriber, certification_id=int(request.POST["certification"]))
            saved = "Watch removed."
        elif action == "course" and request.POST.get("course", "").isdigit():
            course = courses.open_courses().filter(pk=int(request.POST["course"])).first()
            if course is None or subscriber.status != Subscriber.Status.CONFIRMED:
                return _preferences_page(
                    request, subscriber, lanes_form, watch_form, status=400, error="That course is not open to you."
                )
            tasks.start_course(subscriber=subscriber, course=course)
            saved = f"You are taking “{course.title}”: week 1 is on its way."
        else:
            return _preferences_page(
                request, subscriber, lanes_form, watch_form, status=400, error="That request was not understood."
            )
    return _preferences_page(request, subscriber, lanes_form, watch_form, saved=saved)


def _preferences_page(request, subscriber, form, watch_form, *, status=200, saved="", error=""):
    watches = Watch.objects.filter(subscriber=subscriber).select_related("certification__provider")
    enrolments = {e.course_id: e for e in subscriber.enrolments.all()}
    context = _context(
        subscriber=subscriber,
        form=form,
        watch_form=watch_form,
        watches=watches,
        courses=[(course, enrolments.get(course.pk)) for course in courses.open_courses()],
        saved=saved,
        error=error,
        unsubscribe_path=subscriber.unsubscribe_path(),
    )
    return render(request, "newsletter/preferences.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def watch(request, slug):
    """The POST target of "Tell me when this changes". The answer never tells whether an address is known."""
    certification = get_object_or_404(Certification.objects.published().select_related("provider"), slug=slug)
    if request.method != "POST":
        return redirect(certification)
    form = WatchForm(request.POST)
    if not form.is_bot and not form.is_valid():
        context = _context(form=form, certification=certification, consent_text=WATCH_CONSENT_TEXT)
        return render(request, "newsletter/watch_invalid.html", context, status=400)
    if not ratelimit.allow_signup(request):
        return render(request, "newsletter/rate_limited.html", _context(), status=429)
    if not form.is_bot:
        tasks.queue_watch_request(
            email=form.cleaned_data["email"],
            certification_id=certification.pk,
            source=f"watch form on {certification.get_absolute_url()}",
            consent_text=WATCH_CONSENT_TEXT,
            consent_version=CONSENT_VERSION,
        )
    return HttpResponseRedirect(reverse("newsletter:watch_done"), status=303)


@require_safe
def watch_done(request):
    return render(request, "newsletter/watch_done.html", _context())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def watch_confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms the watch."""
    try:
        key_hex = Watch.key_from_confirm_token(token)
    except signing.SignatureExpired:
        return _link_not_working(request, status=410, reason="expired")
    except signing.BadSignature:
        return _link_not_working(request, status=404)
    watch = Watch.objects.select_related("certification", "subscriber").filter(key=key_hex).first()
    if watch is None:
        return _link_not_working(request, status=404)  # removed, or the address unsubscribed since
    if request.method == "POST":
        watching.confirm_watch(watch=watch)
    return render(request, "newsletter/watch_confirm.html", _context(watch=watch))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def course(request, token):
    """Pause, resume or leave a course from the link in each of its emails."""
    try:
        key_hex = Enrolment.key_from_token(token)
    except signing.BadSignature:
        raise Http404("Unknown link") from None
    enrolment = get_object_or_404(Enrolment.objects.select_related("course", "subscriber"), key=key_hex)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pause":
            courses.pause(enrolment=enrolment)
        elif action == "resume":
            tasks.resume_course(enrolment=enrolment)
        elif action == "leave":
            courses.leave(enrolment=enrolment)
        else:
            context = _context(enrolment=enrolment, error="Choose pause, resume or leave.")
            return render(request, "newsletter/course.html", context, status=400)
        enrolment.refresh_from_db()
    return render(request, "newsletter/course.html", _context(enrolment=enrolment, weeks=Lesson.WEEKS))


@never_cache
@require_safe
def click(request, number, position):
    """Counts a click on a link of an issue (per issue, link and day) and redirects to it.

    Only to a link recorded for that issue: anything else is a 404, never an open redirect.
    HEAD (link checkers, mail scanners) redirects without counting.
    """
    url = clicks.follow(issue_number=number, position=position, count=request.method == "GET")
    if url is None:
        raise Http404("No such link in this issue")
    return redirect(url)


@csrf_exempt
def mailgun_tracking(request):
    """Mailgun's tracking webhook, checked by anymail (HMAC signature); 404 until it is configured."""
    if not settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY"):
        raise Http404("No email service is configured")
    return MailgunTrackingWebhookView.as_view()(request)


class IssueArchiveView(ListView):
    http_method_names = ["get", "head"]  # pages answer nothing else (no OPTIONS)
    template_name = "newsletter/issue_list.html"
    context_object_name = "issues"
    paginate_by = 20

    def get_queryset(self):
        return Issue.objects.archived().only("number", "title", "preheader", "sent_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_context(**kwargs))


@require_safe
def issue_detail(request, number):
    # Drafts, scheduled and unpublished issues are not pages: 404.
    issue = get_object_or_404(Issue.objects.for_page(), number=number)
    previous, following = issue.neighbours()
    context = _context(issue=issue, roles=issue.roles(), previous=previous, next=following, page_has_signup=True)
    return render(request, "newsletter/issue_detail.html", context)


def issue_page(request, issue, preview=False):
    """The admin's preview of an issue (saved in a transaction that is rolled back once this page is
    rendered), as its page will look, without neighbours or roles."""
    return render(request, "newsletter/issue_detail.html", _context(issue=issue, preview=preview))
