from django.urls import path

from careerhub.cache import cache_page_for_visitors
from careerhub.public_forms import public_form

from . import fit_views

app_name = "fit"

urlpatterns = [
    path("fit/", public_form(cache_page_for_visitors(fit_views.start)), name="start"),
    path("fit/<str:result_id>/", cache_page_for_visitors(fit_views.result), name="result"),
]
