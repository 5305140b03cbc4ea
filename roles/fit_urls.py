from django.urls import path

from . import fit_views

app_name = "fit"

urlpatterns = [
    path("fit/", fit_views.start, name="start"),
    path("fit/<str:result_id>/", fit_views.result, name="result"),
]
