"""Many requests at once, each thread on its own database connection, as under a real server."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from newsletter.models import Subscriber
from roles.fit.models import Result
from tests.fit.factories import live, neutral_answers, post_data

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 50


def run_in_parallel(request):
    """Start ``PARALLEL`` requests together (a barrier lines them up) and return the responses."""
    barrier = threading.Barrier(PARALLEL)

    def one(index):
        try:
            client = Client()
            barrier.wait()
            return request(client, index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(one, range(PARALLEL)))


def test_fifty_simultaneous_signups_of_one_address_leave_one_subscriber(settings, sample_content):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 1000  # all from one test IP
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def sign_up(client, index):
        email = "".join(c.upper() if (index >> i) & 1 else c for i, c in enumerate("race@example.com"))
        return client.post("/newsletter/subscribe/", {"email": f"  {email} "})

    responses = run_in_parallel(sign_up)
    # Every visitor got the same answer, whoever won the race.
    assert {(r.status_code, r["Location"]) for r in responses} == {(303, "/newsletter/subscribe/done/")}
    emails = list(Subscriber.objects.values_list("email", flat=True))
    assert len(emails) == 1
    assert emails[0].lower() == "race@example.com"  # stored as the winner typed it, trimmed


def test_fifty_simultaneous_questionnaires_each_get_their_own_result(sample_content):
    snapshot = live()
    data = post_data(snapshot, neutral_answers(snapshot))

    responses = run_in_parallel(lambda client, index: client.post("/fit/", data))
    assert [r.status_code for r in responses] == [303] * PARALLEL
    locations = {r["Location"] for r in responses}
    assert len(locations) == PARALLEL
    assert Result.objects.count() == PARALLEL
    assert {f"/fit/{pk}/" for pk in Result.objects.values_list("pk", flat=True)} == locations
