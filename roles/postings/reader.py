"""Reading a job posting: which phrases of the vocabulary it uses, and which lane they point to.

Pure Python over plain data (no database): services.py builds the vocabulary from the models
and caches it; bench/postings.py builds one from the sample content files.

How a posting is read:
- The first non-blank line, when short, is its title. Title phrases (each lane's name and other
  titles, and editors' title phrases) are looked for there only; a near-miss spelling is caught
  by rapidfuzz. The title adds TITLE_POINTS to the lane it names: a hint, never the verdict.
- Work phrases are looked for in the rest (the body) with an Aho-Corasick automaton
  (pyahocorasick): one pass over the text whatever the size of the vocabulary. Overlapping finds
  keep the longest; each phrase counts once however often it is repeated, so repeating a
  buzzword cannot win a lane.
- A phrase gives each lane its weight for that lane (editors set it, 1 to 5) plus a share of
  the lane's level in the phrase's skill areas (level / 5 x SKILL_SHARE): phrases without a
  weight still lean towards the lanes whose skill profile they belong to.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import ahocorasick
from rapidfuzz import fuzz, process

# Fewer distinct work phrases than this, or fewer lane points, is "too little to go on".
MIN_PHRASES = 3
MIN_POINTS = 4.0
TITLE_POINTS = 2.0
SKILL_SHARE = 1.0
# A title line is at most this long; a longer first line is already the body.
TITLE_MAX = 120
# rapidfuzz: how alike a title and a known title must be (0-100), and how long the known title.
FUZZY_CUTOFF = 90
FUZZY_MIN_LENGTH = 8
# Band of each lane, by its points as a share of the top lane's; the top lane is "strong" only
# when the second is below CLOSE_SHARE of it.
CLOSE_SHARE = 0.8
PARTIAL_SHARE = 0.45
BANDS = {
    "strong": "Strong match",
    "top-close": "Top, but close",
    "close": "Close behind",
    "partial": "Some overlap",
    "weak": "Little overlap",
}

WORD = re.compile(r"[^\W_]+")
TITLE_PREFIX = re.compile(r"^\s*(?:job\s+title|title|position|role)\s*[:\-–]\s*", re.IGNORECASE)
YEARS = re.compile(r"\b(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?\+?\s*(?:years|yrs)\b", re.IGNORECASE)
# Seniority words; "lead" alone is too common a verb, so only as part of a title.
JOB = r"\s+(?:\w+\s+){0,2}?(?:engineer|developer|scientist)"
SENIORITY = [
    ("staff", re.compile(rf"\b(?:staff|principal|distinguished){JOB}|\bhead of\b", re.I)),
    ("senior", re.compile(rf"\b(?:senior|sr\.?){JOB}|\b(?:tech|team|technical) lead\b", re.I)),
    ("mid", re.compile(r"\bmid[- ]level\b|\bintermediate\s+(?:engineer|developer)", re.I)),
    ("early", re.compile(r"\b(?:junior|graduate|entry[- ]level|intern(?:ship)?|new grad)\b", re.I)),
]
LEVELS = {
    "staff": "Staff or principal",
    "senior": "Senior",
    "mid": "Mid-level",
    "early": "Early career",
}


def fold(token):
    """One word as the reader compares it: lower case, a plural "s" dropped ("pipelines" = "pipeline")."""
    token = token.lower()
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def folded(text):
    """A phrase or title as the reader compares it: folded words joined by single spaces."""
    return " ".join(fold(word) for word in WORD.findall(text))


@dataclass(frozen=True)
class Lane:
    slug: str
    name: str
    url: str
    display_order: int
    summary: str = ""
    interview_focus: str = ""


@dataclass(frozen=True)
class Entry:
    """One phrase of the vocabulary."""

    id: int
    text: str
    forms: tuple  # each spelling folded (see folded())
    areas: tuple = ()  # (slug, name) pairs
    weights: dict = field(default_factory=dict)  # lane slug -> 1..5
    kind: str = "work"


@dataclass
class Vocabulary:
    """What the reader needs, as plain data: safe to pickle into the cache."""

    lanes: list
    entries: list
    levels: dict  # skill area slug -> {lane slug: level 0..5}
    titles: list  # (title as written, lane slug), from role names and other titles


@dataclass
class Match:
    entry: Entry
    start: int
    end: int
    surface: str


@dataclass
class Evidence:
    entry: Entry
    surfaces: list  # each different way the posting wrote it, in order of appearance
    count: int
    points: dict  # lane slug -> points this phrase gives it
    lane_weights: list  # (Lane, weight) the phrase points to, heaviest first

    @property
    def surface(self):
        return self.surfaces[0]


@dataclass
class LaneScore:
    lane: Lane
    points: float
    band: str = "weak"
    percent: int = 0
    evidence: list = field(default_factory=list)  # Evidence with a weight for this lane, strongest first
    title_points: float = 0.0

    @property
    def band_label(self):
        return BANDS[self.band]


@dataclass
class Reading:
    title: str | None
    title_lane: Lane | None
    title_match: str | None
    evidence: list
    ranking: list
    enough: bool
    seniority: list
    level: str | None
    segments: list  # (text, Match or None) in order: the posting with its matches marked
    lanes: dict

    @property
    def top(self):
        return self.ranking[0] if self.enough else None

    @property
    def second(self):
        return self.ranking[1] if self.enough and len(self.ranking) > 1 else None

    @property
    def title_disagrees(self):
        return self.enough and self.title_lane is not None and self.title_lane.slug != self.top.lane.slug

    @property
    def phrase_count(self):
        return len(self.evidence)


class Reader:
    def __init__(self, vocabulary):
        self.vocabulary = vocabulary
        self.lanes = {lane.slug: lane for lane in vocabulary.lanes}
        self.work = ahocorasick.Automaton()
        for entry in vocabulary.entries:
            if entry.kind == "work":
                for form in entry.forms:
                    _add(self.work, form, entry)
        title_entries = [entry for entry in vocabulary.entries if entry.kind == "title"]
        titles = [(form, _title_lane(entry)) for entry in title_entries for form in entry.forms]
        titles += [(folded(title), slug) for title, slug in vocabulary.titles]
        self.title_forms = {}
        for title, slug in titles:
            if slug in self.lanes:
                self.title_forms.setdefault(title, slug)
        self.title_automaton = ahocorasick.Automaton()
        for key, slug in self.title_forms.items():
            _add(self.title_automaton, key, slug)
        for automaton in (self.work, self.title_automaton):
            if len(automaton):
                automaton.make_automaton()
        # Each lane's share of each skill area's points, computed once.
        self.area_share = {
            area: {slug: level / 5 * SKILL_SHARE for slug, level in levels.items() if slug in self.lanes}
            for area, levels in vocabulary.levels.items()
        }

    def read(self, text):
        title, title_start, body_start = _title_line(text)
        title_lane, title_match, title_span = (
            self._read_title(text, title_start, body_start) if title else (None, None, None)
        )
        matches = self._find(self.work, text, body_start)
        evidence = self._evidence(matches)
        points = dict.fromkeys(self.lanes, 0.0)
        for item in evidence:
            for slug, value in item.points.items():
                points[slug] += value
        if title_lane is not None:
            points[title_lane.slug] += TITLE_POINTS
        ranking = self._rank(points, evidence, title_lane)
        enough = len(evidence) >= MIN_PHRASES and bool(ranking) and ranking[0].points >= MIN_POINTS
        seniority, level = _seniority(text, title)
        marks = matches if title_span is None else [title_span, *matches]
        return Reading(
            title=title,
            title_lane=title_lane,
            title_match=title_match,
            evidence=sorted(evidence, key=lambda item: -max(item.points.values(), default=0)),
            ranking=ranking,
            enough=enough,
            seniority=seniority,
            level=level,
            segments=_segments(text, marks),
            lanes=self.lanes,
        )

    # Finding ----------------------------------------------------------------------------------

    def _find(self, automaton, text, start=0, stop=None):
        """Non-overlapping matches in text[start:stop], the longest where two overlap."""
        stop = len(text) if stop is None else stop
        spans = [(found.start(), found.end()) for found in WORD.finditer(text, start, stop)]
        if not len(automaton) or not spans:
            return []
        starts, words, position = [], [], 1
        for begin, end in spans:
            word = fold(text[begin:end])
            starts.append(position)
            words.append(word)
            position += len(word) + 1
        found = []
        for end_index, (value, count, length) in automaton.iter(" " + " ".join(words) + " "):
            first = bisect_left(starts, end_index - length + 2)  # the key's first word, after its space
            found.append((first, first + count - 1, value))
        # Leftmost-longest: by first word, the longest first, keeping only what does not overlap.
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        kept, reached = [], -1
        for first, last, value in found:
            if first > reached:
                begin, end = spans[first][0], spans[last][1]
                kept.append(Match(value, begin, end, text[begin:end]))
                reached = last
        return kept

    def _read_title(self, text, start, stop):
        matches = self._find(self.title_automaton, text, start, stop)
        if matches:
            best = max(matches, key=lambda match: match.end - match.start)
            lane = self.lanes[best.entry]
            return lane, best.surface, Match(TitleMark(lane), best.start, best.end, best.surface)
        # A near-miss ("Machine Learnig Engineer"): a run of the title's words very like a long
        # known title as a whole, so that "AI Engineer" is never taken for "ML Engineer".
        candidates = [key for key in self.title_forms if len(key) >= FUZZY_MIN_LENGTH]
        words = folded(text[start:stop]).split()
        runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
        best = None
        for run in runs:
            near = process.extractOne(run, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if near is not None and (best is None or (near[1], len(near[0])) > (best[1], len(best[0]))):
                best = near
        if best is None:
            return None, None, None
        return self.lanes[self.title_forms[best[0]]], None, None

    # Scoring ----------------------------------------------------------------------------------

    def _evidence(self, matches):
        by_entry = {}
        for match in matches:
            if match.entry.id in by_entry:
                found = by_entry[match.entry.id]
                found.count += 1
                if match.surface.lower() not in (surface.lower() for surface in found.surfaces):
                    found.surfaces.append(match.surface)
                continue
            weights = sorted(
                ((self.lanes[slug], weight) for slug, weight in match.entry.weights.items() if slug in self.lanes),
                key=lambda pair: (-pair[1], pair[0].display_order),
            )
            by_entry[match.entry.id] = Evidence(match.entry, [match.surface], 1, self._points(match.entry), weights)
        return list(by_entry.values())

    def _points(self, entry):
        points = {slug: float(weight) for slug, weight in entry.weights.items() if slug in self.lanes}
        shares = [self.area_share[slug] for slug, _name in entry.areas if slug in self.area_share]
        for share in shares:
            for slug, value in share.items():
                points[slug] = points.get(slug, 0.0) + value / len(shares)
        return points

    def _rank(self, points, evidence, title_lane):
        order = sorted(self.lanes.values(), key=lambda lane: (-points[lane.slug], lane.display_order))
        top = points[order[0].slug] if order else 0
        ranking = []
        for position, lane in enumerate(order):
            share = points[lane.slug] / top if top > 0 else 0
            if position == 0:
                runner_up = points[order[1].slug] / top if len(order) > 1 and top > 0 else 0
                band = "strong" if runner_up < CLOSE_SHARE else "top-close"
            else:
                band = "close" if share >= CLOSE_SHARE else "partial" if share >= PARTIAL_SHARE else "weak"
            lane_evidence = sorted(
                (item for item in evidence if item.entry.weights.get(lane.slug)),
                key=lambda item: -item.entry.weights[lane.slug],
            )
            ranking.append(
                LaneScore(
                    lane=lane,
                    points=round(points[lane.slug], 1),
                    band=band,
                    percent=round(share * 100),
                    evidence=lane_evidence,
                    title_points=TITLE_POINTS if title_lane is not None and title_lane.slug == lane.slug else 0.0,
                )
            )
        return ranking


@dataclass(frozen=True)
class TitleMark:
    """Stands in for an Entry when the title's match is highlighted."""

    lane: Lane
    kind: str = "title"
    areas: tuple = ()

    @property
    def text(self):
        return self.lane.name


def _title_lane(entry):
    """The lane a title phrase names: its heaviest weight."""
    return max(entry.weights, key=entry.weights.get) if entry.weights else None


def _add(automaton, key, value):
    # Spaces around each key: a phrase matches whole words only ("rag" is not in "storage").
    if key and f" {key} " not in automaton:
        automaton.add_word(f" {key} ", (value, key.count(" ") + 1, len(key) + 2))


def _title_line(text):
    """The first non-blank line when it is short and a body follows it: (title, its start, body start)."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if not rest.strip() or len(first) > TITLE_MAX or not WORD.search(first):
        return None, 0, 0
    start = text.index(first)
    prefix = TITLE_PREFIX.match(first)
    skip = prefix.end() if prefix and prefix.end() < len(first) else 0
    return first[skip:], start + skip, start + len(first)


def _seniority(text, title):
    signals = []
    for found in YEARS.finditer(text):
        signals.append(found.group(0))
    levels = []
    for level, pattern in SENIORITY:
        for found in pattern.finditer(text):
            signals.append(found.group(0).strip())
            levels.append(level)
    if title and re.search(r"\blead\b", title, re.I) and "senior" not in levels:
        signals.append("lead (in the title)")
        levels.append("senior")
    years = [int(found.group(1)) for found in YEARS.finditer(text)]
    if years:
        most = max(years)
        levels.append("staff" if most >= 8 else "senior" if most >= 5 else "mid" if most >= 2 else "early")
    level = next((LEVELS[name] for name in LEVELS if name in levels), None)
    return list(dict.fromkeys(signals)), level


def _segments(text, matches):
    segments, position = [], 0
    for match in sorted(matches, key=lambda match: match.start):
        if match.start < position:
            continue
        if match.start > position:
            segments.append((text[position : match.start], None))
        segments.append((text[match.start : match.end], match))
        position = match.end
    if position < len(text):
        segments.append((text[position:], None))
    return segments
