"""The main navigation: (label, URL name, URL names that mark the item as current).

Add a section here when its pages exist; never link to a page that is not there yet.
"""

NAV_ITEMS = [
    ("Roles", "roles:list", {"roles:list", "roles:detail"}),
    ("Compare", "roles:compare_pick", {"roles:compare_pick", "roles:compare"}),
    ("Find your fit", "fit:start", {"fit:start", "fit:result"}),
    ("Paths", "paths:list", {"paths:list", "paths:detail"}),
    ("Certifications", "certifications:list", {"certifications:list", "certifications:detail"}),
    ("Newsletter", "newsletter:index", {"newsletter:index", "newsletter:archive", "newsletter:issue"}),
]
