from django.urls import path

from . import views
from .feeds import IssueFeed

app_name = "newsletter"

urlpatterns = [
    path("", views.index, name="index"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("issues/", views.IssueArchiveView.as_view(), name="archive"),
    path("issues/<int:number>/", views.IssueDetailView.as_view(), name="issue"),
    path("feed/", IssueFeed(), name="feed"),
]
