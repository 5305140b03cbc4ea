from django.urls import path
from django.views.decorators.http import require_safe

from careerhub.cache import cache_page_for_visitors

from . import feeds, views

app_name = "changelog"

urlpatterns = [
    path("", cache_page_for_visitors(views.ChangeListView.as_view()), name="list"),
    path("feed/", cache_page_for_visitors(require_safe(feeds.ChangesFeed())), name="feed"),
]
