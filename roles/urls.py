from django.urls import path

from careerhub.cache import cache_page_for_visitors

from . import views

app_name = "roles"

urlpatterns = [
    path("roles/", cache_page_for_visitors(views.RoleListView.as_view()), name="list"),
    path("roles/<slug:slug>/", cache_page_for_visitors(views.role_detail), name="detail"),
    path("compare/", cache_page_for_visitors(views.compare_pick), name="compare_pick"),
    path("compare/<str:slugs>/", cache_page_for_visitors(views.compare), name="compare"),
]
