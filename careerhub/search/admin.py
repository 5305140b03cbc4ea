from django.contrib import admin

from .models import MissedQuery


@admin.register(MissedQuery)
class MissedQueryAdmin(admin.ModelAdmin):
    """What visitors looked for and did not find: ideas for new content or new words in old content."""

    list_display = ["query", "count", "first_seen", "last_seen"]
    search_fields = ["query"]
    date_hierarchy = "last_seen"
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
