from django.urls import path

from careerhub.origin import same_origin_posts

from . import views

app_name = "plan"

urlpatterns = [
    # No account and no per-visitor token: the URL is the key; cross-site POSTs are refused.
    path("", same_origin_posts(views.start), name="start"),
    path("<uuid:plan_id>/", same_origin_posts(views.detail), name="detail"),
]
