from django.urls import path

from careerhub.cache import cache_page_for_visitors

from . import views

app_name = "paths"

urlpatterns = [
    path("", cache_page_for_visitors(views.BackgroundListView.as_view()), name="list"),
    path("<slug:slug>/", cache_page_for_visitors(views.background_detail), name="detail"),
]
