"""What each pytest-xdist worker (gw0, gw1, ...) has to itself besides its test database, which
pytest-django names per worker: Redis databases and the production servers' database. So one
worker's cache.clear() never empties the other's. TEST_REDIS_DB and TEST_PRODUCTION_DB move them,
for two checkouts side by side."""

import os

WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
# For tests that talk to Redis in this process; the production servers use the next one.
REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "4")) + 2 * WORKER
PRODUCTION_REDIS_DB = REDIS_DB + 1
PRODUCTION_DB = f"{os.environ.get('TEST_PRODUCTION_DB', 'careerhub_production_job')}_{WORKER}"
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
