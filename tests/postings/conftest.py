import pytest

from roles.postings import services


@pytest.fixture(autouse=True)
def fresh_reader():
    """Each test reads with the vocabulary it made: no compiled reader kept from another test."""
    services._reader_of.cache_clear()
    yield
    services._reader_of.cache_clear()
