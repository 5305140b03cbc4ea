"""Field-level differences between two versions (django-reversion's stored field values)."""

import difflib
import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Bookkeeping that changes on every save or is derived from other fields: never worth showing.
IGNORED = {"id", "rendered_html", "updated_at"}
# Longer values are shown as a word diff rather than "old → new".
LONG_TEXT = 80
TOKENS = re.compile(r"\s+|[^\s]+")


def text_diff(old, new):
    """A word-level diff as HTML: removed words in <del>, added words in <ins>, the rest as it was."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


def _shown(field, value):
    if value in (None, ""):
        return "(empty)"
    if field.many_to_many:
        names = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(obj) for obj in names) or "(none)"
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else f"(deleted, #{value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def field_changes(model, old, new):
    """[{label, old, new, diff}] for each field whose value differs; ``diff`` is set for long text."""
    changes = []
    for name in new.keys() | old.keys():
        if name in IGNORED:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = next((f for f in model._meta.concrete_fields if f.attname == name), None)
            if field is None:
                continue
        before, after = old.get(name), new.get(name)
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        if before == after or (isinstance(before, str) and _lines(before) == _lines(after)):
            continue  # browsers send CRLF line ends: the same text, not a change worth showing
        long_text = (
            isinstance(field, models.TextField) or max(len(str(before or "")), len(str(after or ""))) > LONG_TEXT
        )
        changes.append(
            {
                "label": str(field.verbose_name),
                "order": _field_order(model, field),
                "old": _shown(field, before),
                "new": _shown(field, after),
                "diff": text_diff(str(before or ""), str(after or "")) if long_text else None,
            }
        )
    return sorted(changes, key=lambda change: change["order"])


def _lines(value):
    return str(value or "").replace("\r\n", "\n")


def _field_order(model, field):
    fields = [f.name for f in model._meta.get_fields()]
    return fields.index(field.name) if field.name in fields else len(fields)


def related_changes(before, after, main):
    """What happened to the other objects a revision holds (a role's skill levels, steps, projects...).

    ``before`` and ``after`` are lists of reversion Versions; ``main`` is the version of the object
    whose history this is, left out.
    """

    def key(version):
        return (version.content_type_id, version.object_id)

    old = {key(v): v for v in before if key(v) != key(main)}
    new = {key(v): v for v in after if key(v) != key(main)}
    rows = []
    for k, version in new.items():
        model = version._model
        if k not in old:
            rows.append(
                {"kind": model._meta.verbose_name, "repr": version.object_repr, "action": "added", "changes": []}
            )
        else:
            changes = field_changes(model, old[k].field_dict, version.field_dict)
            if changes:
                rows.append(
                    {
                        "kind": model._meta.verbose_name,
                        "repr": version.object_repr,
                        "action": "changed",
                        "changes": changes,
                    }
                )
    for k, version in old.items():
        if k not in new:
            rows.append(
                {
                    "kind": version._model._meta.verbose_name,
                    "repr": version.object_repr,
                    "action": "removed",
                    "changes": [],
                }
            )
    return sorted(rows, key=lambda row: (str(row["kind"]), row["repr"]))
