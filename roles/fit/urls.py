from django.urls import path

from careerhub.cache import cache_page_for_visitors

from . import views

app_name = "fit"

urlpatterns = [
    path("fit/", cache_page_for_visitors(views.start), name="start"),
    path("fit/<str:result_id>/", cache_page_for_visitors(views.result), name="result"),
]
