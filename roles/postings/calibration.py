"""How well the reader sorts the labelled set (content/labelled_postings.toml): the calibration page."""

from dataclasses import dataclass

from careerhub.core import content

# The share of the labelled set that must be read as its own lane first (and all in the top two).
REQUIRED_ACCURACY = 0.85


def labelled_postings():
    return content.read(__file__, "labelled_postings")["postings"]


@dataclass
class Calibration:
    lanes: list  # Lane, in display order
    rows: list  # per posting: the label, the note, the ranked slugs, whether enough was found
    confusion: dict  # expected slug -> {read-as slug or "too-little": count}

    @property
    def total(self):
        return len(self.rows)

    @property
    def first(self):
        return sum(row["ranked"][:1] == [row["lane"]] for row in self.rows)

    @property
    def top_two(self):
        return sum(row["lane"] in row["ranked"][:2] for row in self.rows)

    @property
    def accuracy(self):
        return self.first / self.total if self.total else 0.0

    @property
    def misses(self):
        return [row for row in self.rows if row["ranked"][:1] != [row["lane"]]]

    def table(self):
        """The confusion table as rows: the expected lane, then one count per lane read first."""
        columns = [lane.slug for lane in self.lanes] + ["too-little"]
        return [
            {"lane": lane, "counts": [self.confusion.get(lane.slug, {}).get(column, 0) for column in columns]}
            for lane in self.lanes
        ]


def calibrate(reader, postings=None):
    """Read every labelled posting with ``reader``; the ranking of each and the confusion table."""
    lanes = sorted(reader.lanes.values(), key=lambda lane: lane.display_order)
    rows, confusion = [], {}
    for posting in labelled_postings() if postings is None else postings:
        reading = reader.read(posting["text"])
        ranked = [score.lane.slug for score in reading.ranking] if reading.enough else []
        read_as = ranked[0] if ranked else "too-little"
        cell = confusion.setdefault(posting["lane"], {})
        cell[read_as] = cell.get(read_as, 0) + 1
        rows.append(
            {
                "lane": posting["lane"],
                "note": posting.get("note", ""),
                "title": reading.title,
                "ranked": ranked,
                "points": {score.lane.slug: score.points for score in reading.ranking},
            }
        )
    return Calibration(lanes=lanes, rows=rows, confusion=confusion)
