from django.urls import path

from careerhub.cache import cache_page_for_visitors

from . import views

app_name = "certifications"

urlpatterns = [
    path("", cache_page_for_visitors(views.catalogue), name="list"),
    path("compare/", views.compare_pick, name="compare_pick"),
    path("compare/<str:slugs>/", cache_page_for_visitors(views.compare), name="compare"),
    path("<slug:slug>/", cache_page_for_visitors(views.certification_detail), name="detail"),
]
