from django.urls import path

from careerhub.cache import cache_page_for_visitors
from careerhub.core.public_forms import public_form

from . import views

app_name = "fit"

urlpatterns = [
    # A public form: no per-visitor token (the page is the same for everyone), cross-site POSTs refused.
    path("fit/", public_form(cache_page_for_visitors(views.start)), name="start"),
    path("fit/<str:result_id>/", cache_page_for_visitors(views.result), name="result"),
]
