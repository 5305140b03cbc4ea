from django.urls import path
from django.views.decorators.http import require_safe

from careerhub.cache import cache_page_for_visitors
from careerhub.origin import same_origin_posts

from . import views
from .feeds import IssueFeed

app_name = "newsletter"

urlpatterns = [
    # Public pages come from the page cache for anonymous visitors; links with tokens never do.
    path("", cache_page_for_visitors(views.index), name="index"),
    # Public forms: no per-visitor token (pages are the same for everyone), cross-site POSTs refused.
    path("subscribe/", same_origin_posts(views.subscribe), name="subscribe"),
    path("confirm/<str:token>/", same_origin_posts(views.confirm), name="confirm"),
    path("unsubscribe/<str:token>/", same_origin_posts(views.unsubscribe), name="unsubscribe"),
    path("preferences/<str:token>/", same_origin_posts(views.preferences), name="preferences"),
    path("r/<int:number>/<int:position>/", views.click, name="click"),
    path("esp/mailgun/tracking/", views.mailgun_tracking, name="mailgun_tracking"),
    path("issues/", cache_page_for_visitors(views.IssueArchiveView.as_view()), name="archive"),
    path("issues/<int:number>/", cache_page_for_visitors(views.IssueDetailView.as_view()), name="issue"),
    path("feed/", cache_page_for_visitors(require_safe(IssueFeed())), name="feed"),
]
