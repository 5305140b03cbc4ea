from django.urls import path

from careerhub.cache import cache_page_for_visitors
from careerhub.origin import same_origin_posts

from . import fit_views

app_name = "fit"

urlpatterns = [
    path("fit/", same_origin_posts(cache_page_for_visitors(fit_views.start)), name="start"),
    path("fit/<str:result_id>/", cache_page_for_visitors(fit_views.result), name="result"),
]
