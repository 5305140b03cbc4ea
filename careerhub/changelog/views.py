from django.views.generic import ListView

from .models import Entry


class ChangeListView(ListView):
    http_method_names = ["get", "head"]
    template_name = "changelog/entry_list.html"
    context_object_name = "entries"
    queryset = Entry.objects.published()
