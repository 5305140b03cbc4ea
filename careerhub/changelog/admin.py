from django.contrib import admin

from careerhub.editorial.admin import EditorialAdmin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(EditorialAdmin):
    list_display = ["date", "title", "is_published"]
    list_filter = ["is_published", "date"]
    search_fields = ["title", "note"]
    date_hierarchy = "date"
