from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("roles/", views.RoleListView.as_view(), name="list"),
    path("roles/<slug:slug>/", views.role_detail, name="detail"),
    path("compare/", views.compare_pick, name="compare_pick"),
    path("compare/<str:slugs>/", views.compare, name="compare"),
]
