import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The editor fixtures hash a password; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
