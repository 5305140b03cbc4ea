from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def page_cache_needs_a_shared_cache(app_configs, **kwargs):
    """With several workers, each local-memory cache would miss the others' invalidations."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache is on but the cache is local memory, so an editor's change would not "
                "reach every worker.",
                hint="Set CACHE_URL (or REDIS_URL) to a Redis server, e.g. redis://127.0.0.1:6379/0.",
                id="careerhub.W001",
            )
        ]
    return []
