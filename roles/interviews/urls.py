from django.urls import path

from careerhub.cache import cache_page_for_visitors

from . import views

app_name = "interviews"

urlpatterns = [
    path("", cache_page_for_visitors(views.GuideListView.as_view()), name="list"),
    path("<slug:role_slug>/", cache_page_for_visitors(views.guide_detail), name="detail"),
]
