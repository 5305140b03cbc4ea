"""Builds an unsaved object, with its inlines, from a bound change form: nothing is written.

The public page's view then renders it as it renders a saved one, reading the inline rows from
the prefetch cache that this module fills in.
"""


def _queryset_of(model, items):
    """A QuerySet whose results are ``items``: what a related manager returns after prefetching."""
    queryset = model._default_manager.none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    return queryset


def _sort_key(model):
    def value(obj, path):
        for part in path.lstrip("-").split("__"):
            obj = getattr(obj, part, None)
        return getattr(obj, "pk", obj) if hasattr(obj, "_meta") else obj

    ordering = [path for path in model._meta.ordering if isinstance(path, str)]
    return lambda obj: tuple((v is None, v if v is not None else 0) for v in (value(obj, p) for p in ordering))


def _render_markdown(obj):
    if hasattr(obj, "render_markdown_fields"):
        obj.render_markdown_fields()  # pages read obj.html, rendered at save time


def preview_object(form, formsets):
    """Fill ``form.instance`` with the form's values and its inline rows; return problems, if any."""
    problems = [
        f"{form.fields[name].label if name in form.fields else 'Form'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    for formset in formsets:
        if not formset.is_valid():
            label = formset.model._meta.verbose_name_plural
            problems += [f"{label}: {error}" for errors in formset.errors for error in errors.as_text().splitlines()]
            problems += [f"{label}: {error}" for error in formset.non_form_errors()]
    if problems:
        return problems
    obj = form.instance  # construct_instance() already applied the values during validation
    _render_markdown(obj)
    for name in form._meta.model._meta.many_to_many:
        if name.name in form.cleaned_data:
            obj._prefetched_objects_cache = getattr(obj, "_prefetched_objects_cache", {})
            obj._prefetched_objects_cache[name.name] = _queryset_of(name.related_model, form.cleaned_data[name.name])
    cache = getattr(obj, "_prefetched_objects_cache", {})
    for formset in formsets:
        accessor = formset.fk.remote_field.get_accessor_name()
        # Rows the live page prefetched (with their own prefetches, e.g. a domain's weights).
        live = {row.pk: row for row in cache[accessor]} if accessor in cache else {}
        rows = []
        for row_form in formset.forms:
            if row_form in formset.deleted_forms or (row_form.instance.pk is None and not row_form.has_changed()):
                continue
            row = row_form.instance
            setattr(row, formset.fk.name, obj)
            row._prefetched_objects_cache = dict(getattr(live.get(row.pk), "_prefetched_objects_cache", {}))
            for field in row._meta.many_to_many:
                if field.name in row_form.cleaned_data:
                    row._prefetched_objects_cache[field.name] = _queryset_of(
                        field.related_model, row_form.cleaned_data[field.name]
                    )
                elif row.pk is None:
                    row._prefetched_objects_cache[field.name] = _queryset_of(field.related_model, [])
            for relation in row._meta.related_objects:
                if row.pk is None and relation.one_to_many:
                    row._prefetched_objects_cache[relation.get_accessor_name()] = _queryset_of(
                        relation.related_model, []
                    )
            _render_markdown(row)
            rows.append(row)
        cache[accessor] = _queryset_of(formset.model, sorted(rows, key=_sort_key(formset.model)))
    obj._prefetched_objects_cache = cache
    return []
