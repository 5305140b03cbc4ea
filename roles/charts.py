"""Geometry for the server-rendered SVG charts.

Python works out the numbers; templates under templates/roles/charts/ draw them,
so every name that reaches an SVG goes through Django's auto-escaping.
"""

import itertools
import math
from dataclasses import dataclass, field

# One colour per compared role: the .series-1 ... .series-5 rules in site.css
# (colour-blind-safe, each at least 3:1 against white).
SERIES_COUNT = 5
MAX_LEVEL = 5

# Skill chart: a label line, then one bar per role. With one role the level is
# printed at the end of the label line and the bar spans the width; with several,
# bars end at TRACK_PERCENT and each level sits in a column to their right.
TRACK_PERCENT = 92
LABEL_HEIGHT = 22
BAR_HEIGHT = 10
BAR_GAP = 4
ROW_GAP = 14


@dataclass
class Bar:
    role: object
    series: int
    level: int | None
    y: int
    value_y: int
    track_percent: float

    @property
    def percent(self):
        return round((self.level or 0) / MAX_LEVEL * self.track_percent, 2)

    @property
    def bottom(self):
        return self.y + BAR_HEIGHT


@dataclass
class SkillRow:
    area: object
    label_y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class SkillChart:
    roles: list
    rows: list[SkillRow]
    height: int
    track_percent: float
    bar_height: int = BAR_HEIGHT
    ticks: list[float] = field(default_factory=list)

    @property
    def table(self):
        """The same numbers as rows of (skill area, [level per role]) for the text alternative."""
        return [(row.area, [bar.level for bar in row.bars]) for row in self.rows]

    def differences(self, limit=3, min_gap=2):
        """The skill areas where the roles differ most, as (area, bars from highest to lowest)."""
        spread = []
        for row in self.rows:
            rated = [bar for bar in row.bars if bar.level is not None]
            if len(rated) > 1:
                gap = max(bar.level for bar in rated) - min(bar.level for bar in rated)
                if gap >= min_gap:
                    spread.append((-gap, row.area.display_order, row.area, rated))
        spread.sort(key=lambda item: item[:2])
        return [(area, sorted(rated, key=lambda bar: -bar.level)) for _, _, area, rated in spread[:limit]]

    def shared_strengths(self, min_level=3):
        """Skill areas every role rates at ``min_level`` or more: the common ground."""
        return [
            row.area for row in self.rows if all(bar.level is not None and bar.level >= min_level for bar in row.bars)
        ]


def skill_chart(roles):
    """One row per skill area any of ``roles`` is rated on, one bar per role (in the order given).

    Reads ``role.skill_levels.all()``, so prefetch it (``Role.objects.with_skills()``).
    """
    roles = list(roles)
    levels = {}
    areas = {}
    for index, role in enumerate(roles):
        for level in role.skill_levels.all():
            areas[level.skill_area.pk] = level.skill_area
            levels[level.skill_area.pk, index] = level.level
    ordered = sorted(areas.values(), key=lambda area: (area.display_order, area.name))

    single = len(roles) == 1
    track = 100 if single else TRACK_PERCENT
    rows = []
    y = 0
    for area in ordered:
        row = SkillRow(area=area, label_y=y + 15)
        y += LABEL_HEIGHT
        for index, role in enumerate(roles):
            row.bars.append(
                Bar(
                    role=role,
                    series=index % SERIES_COUNT + 1,
                    level=levels.get((area.pk, index)),
                    y=y,
                    value_y=row.label_y if single else y + BAR_HEIGHT - 1,
                    track_percent=track,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP - BAR_GAP
        rows.append(row)
    ticks = [round(track * step / MAX_LEVEL, 2) for step in range(1, MAX_LEVEL)]
    return SkillChart(roles=roles, rows=rows, height=max(y, 1), track_percent=track, ticks=ticks)


# Spectrum: roles as dots on one axis at their true positions. Names sit in rows that alternate
# above and below the axis, so neighbours on the line never share a row; within a row each name
# moves sideways only as far as it must to clear the others, and a leader joins it to its dot.
# A row is added only when names would otherwise leave the picture or drift too far from their dots.
@dataclass
class SpectrumPoint:
    role: object
    x: float
    width: float
    row: int = 0
    label_x: float = 0  # the middle of the name
    label_y: float = 0  # its baseline
    leader_x: float = 0  # where the leader meets the name
    leader_y: float = 0

    @property
    def above(self):
        return self.row % 2 == 0

    @property
    def span(self):
        return (self.label_x - self.width / 2, self.label_x + self.width / 2)


@dataclass
class Spectrum:
    width: int
    height: int
    font_size: int
    axis_y: int
    x0: int
    x1: int
    split_x: float
    points: list[SpectrumPoint]
    rows: int
    left_label_y: int
    right_label_y: int
    end_labels: tuple[str, str] = ("← Builds the model", "Builds with the model →")

    @property
    def axis_width(self):
        return self.x1 - self.x0


def _text_width(text, font_size):
    # A generous average glyph width for the system sans-serif stack, semi-bold (DejaVu Sans,
    # the widest common fallback, averages 0.63 em on the role names).
    return len(text) * font_size * 0.66


def spectrum(roles, *, width, font_size=14, margin=12):
    """Place each role by ``spectrum_position`` (0 builds the model ... 100 builds with it)."""
    x0, x1 = margin + 6, width - margin - 6
    # The two end labels share a line when they fit side by side; on narrow pictures they stack.
    left_label_y = right_label_y = font_size + 4
    if sum(_text_width(label, font_size) for label in Spectrum.end_labels) + 2 * font_size > x1 - x0:
        right_label_y = left_label_y + font_size + 8
    points = [
        SpectrumPoint(
            role=role, x=x0 + (x1 - x0) * role.spectrum_position / 100, width=_text_width(role.name, font_size)
        )
        for role in sorted(roles, key=lambda r: (r.spectrum_position, r.display_order, r.name))
    ]
    gap = font_size * 1.2
    # A leader meets its name at least a letter in from the end, so it never seems to point at the
    # neighbour; a name may sit at most three letters' width to the side of its dot.
    inset, max_drift = font_size, font_size * 3
    rows = 0
    for rows in range(1, len(points) + 1):
        for row in range(rows):
            members = points[row::rows]
            for point in members:
                point.row = row
            _pack(members, x0, x1, gap)
        for point in points:
            point.leader_x = min(max(point.x, point.span[0] + inset), point.span[1] - inset)
        if all(abs(p.leader_x - p.x) <= max_drift and x0 <= p.span[0] and p.span[1] <= x1 for p in points):
            break

    lane_height = font_size + 12
    leader_gap = 26  # between the axis and the nearest row of names
    axis_y = right_label_y + 6 + (rows + 1) // 2 * lane_height + leader_gap
    for point in points:
        depth = point.row // 2
        if point.above:
            point.label_y = axis_y - leader_gap - depth * lane_height
            point.leader_y = point.label_y + font_size * 0.35
        else:
            point.label_y = axis_y + leader_gap + font_size * 0.8 + depth * lane_height
            point.leader_y = point.label_y - font_size
    # Below the deepest name's descenders, or below the split mark when no name hangs under the axis.
    bottom = max((p.label_y + font_size * 0.3 for p in points if not p.above), default=axis_y + 12)
    return Spectrum(
        width=width,
        height=math.ceil(bottom + 4),
        font_size=font_size,
        axis_y=axis_y,
        x0=x0,
        x1=x1,
        split_x=x0 + (x1 - x0) / 2,
        points=points,
        rows=rows,
        left_label_y=left_label_y,
        right_label_y=right_label_y,
    )


def _pack(points, lo, hi, gap):
    """Centre each name on its dot, then push apart names that overlap, as little as possible.

    Overlapping names merge into a block centred on the mean of where its names want to be, and
    blocks stay between ``lo`` and ``hi`` when they fit.
    """
    blocks = []  # each block: its names, left to right, and its left edge
    for point in points:
        blocks.append([[point], 0])
        while True:
            members = blocks[-1][0]
            length = sum(p.width for p in members) + gap * (len(members) - 1)
            offsets = list(itertools.accumulate((p.width + gap for p in members[:-1]), initial=0))
            wanted = sum(p.x - p.width / 2 - offset for p, offset in zip(members, offsets, strict=True)) / len(members)
            left = max(min(wanted, hi - length), lo)
            blocks[-1][1] = left
            if len(blocks) > 1:
                before, before_left = blocks[-2]
                before_right = before_left + sum(p.width for p in before) + gap * (len(before) - 1)
                if before_right + gap > left:
                    blocks[-2][0] = before + members
                    blocks.pop()
                    continue
            break
    for members, left in blocks:
        for point in members:
            point.label_x = left + point.width / 2
            left += point.width + gap
