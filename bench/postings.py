"""Times the job-posting reader in process: a 10,000-character posting, read with the sample
vocabulary and with ten times as many phrases. No database: the vocabulary comes from the
sample content files. Targets (issue 26): 20 ms and 40 ms for a read. The reader (its
Aho-Corasick automaton) is built once per content generation in each process, so its build
time is shown apart.

    .venv/bin/python bench/postings.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

import roles  # noqa: E402
from careerhub.core import content  # noqa: E402
from roles.postings import calibration  # noqa: E402
from roles.postings import sample_content as postings_content  # noqa: E402
from roles.postings.reader import Entry, Lane, Reader, Vocabulary, folded  # noqa: E402

ROUNDS = 50
# Words for the made-up phrases of the larger vocabulary: real posting words, so the extra
# phrases share prefixes with real text the way an editor's additions would.
FILLER = ["data", "model", "service", "team", "pipeline", "customer", "agent", "platform", "product", "quality"]


def sample_vocabulary(multiply=1):
    skill = {area["slug"]: area["name"] for area in content.read(roles.__file__, "skill_areas")["skill_areas"]}
    role_rows = content.read_all(roles.__file__, "roles")
    lanes = [Lane(row["slug"], row["name"], f"/roles/{row['slug']}/", order) for order, row in enumerate(role_rows)]
    levels = {}
    for row in role_rows:
        for area, level in row["skill_levels"].items():
            levels.setdefault(area, {})[row["slug"]] = level
    titles = [(row["name"], row["slug"]) for row in role_rows]
    titles += [(title, row["slug"]) for row in role_rows for title in row["also_called"]]
    rows = content.read(postings_content.__file__, "phrases")["phrases"]
    entries = []
    for copy in range(multiply):
        for number, row in enumerate(rows):
            forms = [row["text"], *row.get("variants", [])]
            if copy:  # made-up phrases: each real form with two filler words after it
                forms = [f"{form} {FILLER[copy % len(FILLER)]} {FILLER[number % len(FILLER)]}" for form in forms]
            entries.append(
                Entry(
                    id=copy * 10_000 + number,
                    text=forms[0],
                    forms=tuple(dict.fromkeys(folded(form) for form in forms)),
                    areas=tuple((slug, skill[slug]) for slug in row.get("areas", [])),
                    weights=row.get("lanes", {}),
                    kind=row.get("kind", "work"),
                )
            )
    return Vocabulary(lanes=lanes, entries=entries, levels=levels, titles=titles)


def long_posting(size=10_000):
    """The labelled postings run together, cut at ``size`` characters."""
    text = "\n\n".join(posting["text"] for posting in calibration.labelled_postings())
    while len(text) < size:
        text += "\n\n" + text
    return text[:size]


def timed(function, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main():
    posting = long_posting()
    print(f"posting: {len(posting):,} characters; {ROUNDS} rounds each; median / worst in ms")
    for label, multiply, target in [("sample vocabulary", 1, 20), ("10x vocabulary", 10, 40)]:
        vocabulary = sample_vocabulary(multiply)
        forms = sum(len(entry.forms) for entry in vocabulary.entries)
        reader = Reader(vocabulary)
        build = timed(lambda v=vocabulary: Reader(v))
        read = timed(lambda r=reader: r.read(posting))
        print(
            f"{label}: {len(vocabulary.entries)} phrases, {forms} spellings | build {build[0]:.1f} / {build[1]:.1f}"
            f" | read {read[0]:.1f} / {read[1]:.1f}"
            f" (target {target} ms for the median: {'met' if read[0] <= target else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
