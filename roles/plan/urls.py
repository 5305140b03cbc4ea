from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:plan_id>/", views.detail, name="detail"),
]
