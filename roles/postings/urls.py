from django.urls import path

from careerhub.cache import cache_page_for_visitors
from careerhub.core.public_forms import public_form

from . import views
from .forms import MAX_CHARACTERS

app_name = "postings"

# A posting of MAX_CHARACTERS, URL-encoded, may take up to 12 bytes a character (a 4-byte
# UTF-8 character as %XX%XX%XX%XX); anything larger is refused (413) before it is read.
BODY_LIMIT = MAX_CHARACTERS * 12 + 1024

urlpatterns = [
    # GET is the same page for everyone (cached); a POST is read for this visitor only.
    path(
        "job-posting/",
        public_form(cache_page_for_visitors(views.start), body_limit=BODY_LIMIT),
        name="start",
    ),
]
