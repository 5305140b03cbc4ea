"""Share cards: the 1200x630 PNG (og:image) drawn for roles, comparisons, certifications and results."""
