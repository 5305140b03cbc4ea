from django.urls import path
from django.views.decorators.http import require_safe

from careerhub.cache import cache_page_for_visitors
from careerhub.core.public_forms import public_form

from . import views
from .feeds import IssueFeed

app_name = "newsletter"

urlpatterns = [
    # Public pages come from the page cache for anonymous visitors; links with tokens never do.
    path("", cache_page_for_visitors(views.index), name="index"),
    # Public forms: no per-visitor token (pages are the same for everyone), cross-site POSTs refused.
    path("subscribe/", public_form(views.subscribe), name="subscribe"),
    path("subscribe/done/", cache_page_for_visitors(views.subscribe_done), name="subscribe_done"),
    path("confirm/<str:token>/", public_form(views.confirm), name="confirm"),
    path("unsubscribe/<str:token>/", public_form(views.unsubscribe), name="unsubscribe"),
    path("preferences/<str:token>/", public_form(views.preferences), name="preferences"),
    path("watch/done/", cache_page_for_visitors(views.watch_done), name="watch_done"),
    path("watch/confirm/<str:token>/", public_form(views.watch_confirm), name="watch_confirm"),
    path("watch/<slug:slug>/", public_form(views.watch), name="watch"),
    path("course/<str:token>/", public_form(views.course), name="course"),
    path("r/<int:number>/<int:position>/", views.click, name="click"),
    path("esp/mailgun/tracking/", views.mailgun_tracking, name="mailgun_tracking"),
    path("issues/", cache_page_for_visitors(views.IssueArchiveView.as_view()), name="archive"),
    path("issues/<int:number>/", cache_page_for_visitors(views.issue_detail), name="issue"),
    path("feed/", cache_page_for_visitors(require_safe(IssueFeed())), name="feed"),
]
