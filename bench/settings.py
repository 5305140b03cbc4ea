"""Benchmark settings: the production settings plus the trivial reference view.

Benchmark-only switches live here, not in careerhub/settings.py. BENCH_PAGE_CACHE=0 measures the
baseline without the page cache.
"""

import os

from careerhub.settings import *  # noqa: F403

ROOT_URLCONF = "bench.benchsite"
PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "1") == "1"
