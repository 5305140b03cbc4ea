"""Bad input at scale: arbitrary strings, unicode, huge values, wrong methods and missing fields
thrown at every URL pattern and form. The answer is always 2xx, 3xx or 4xx, never 5xx, and
nothing is stored from input that is not valid."""

from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roles.fit.models import Result

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Every URL pattern that takes a value from the path.
PATH_PATTERNS = [
    "/roles/{}/",
    "/compare/{}/",
    "/fit/{}/",
    "/certifications/{}/",
    "/certifications/compare/{}/",
    "/newsletter/confirm/{}/",
    "/newsletter/unsubscribe/{}/",
    "/newsletter/issues/{}/",
]
# Every page that reads query parameters or a form body.
FORM_URLS = [
    "/",
    "/compare/",
    "/fit/",
    "/certifications/",
    "/certifications/compare/",
    "/newsletter/",
    "/newsletter/subscribe/",
]
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

segments = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-0123456789", max_size=300),
    st.sampled_from(
        [
            "ai-engineer-vs-ai-engineer",
            "-vs-",
            "ai-engineer-vs-",
            "ai-102-vs-ai-103",
            "%00",
            "..",
            "1" * 5000,
            "0",
            "-1",
        ]
    ),
)
values = st.one_of(st.text(max_size=50), st.text(max_size=5000), st.integers().map(str), st.just(""))
form_data = st.dictionaries(
    st.sampled_from(
        [
            "email",
            "roles",
            "c",
            "provider",
            "level",
            "role",
            "status",
            "version",
            "q1",
            "q2",
            "website",
            "source",
            "page",
        ]
    )
    | st.text(max_size=10),
    st.one_of(values, st.lists(values, max_size=6)),
    max_size=8,
)


@pytest.fixture
def data(sample_content):
    return sample_content


def assert_not_5xx(response, method, path):
    assert response.status_code < 500, f"{method} {path} answered {response.status_code}"


@FUZZ
@given(pattern=st.sampled_from(PATH_PATTERNS), segment=segments, method=st.sampled_from(METHODS))
def test_url_patterns_never_answer_5xx(client, data, pattern, segment, method):
    cache.clear()
    path = pattern.format(quote(segment, safe=""))
    response = client.generic(method, path)
    assert_not_5xx(response, method, path)


@FUZZ
@given(url=st.sampled_from(FORM_URLS), fields=form_data, method=st.sampled_from(["GET", "POST"]))
def test_forms_never_answer_5xx_and_store_nothing_invalid(client, data, url, fields, method):
    from newsletter.models import Subscriber

    cache.clear()
    before = (Subscriber.objects.count(), Result.objects.count())
    if method == "GET":
        response = client.get(url + "?" + urlencode(fields, doseq=True))
    else:
        response = client.post(url, fields)
    assert_not_5xx(response, method, url)
    after = (Subscriber.objects.count(), Result.objects.count())
    if response.status_code >= 400:
        assert after == before, f"{method} {url} answered {response.status_code} but stored a row"
