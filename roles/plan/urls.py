from django.urls import path

from careerhub.core.public_forms import public_form

from . import views

app_name = "plan"

urlpatterns = [
    # No account and no per-visitor token: the URL is the key; cross-site POSTs are refused.
    path("", public_form(views.start), name="start"),
    path("<uuid:plan_id>/", public_form(views.detail), name="detail"),
]
