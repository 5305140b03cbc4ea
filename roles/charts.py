"""Geometry for the server-rendered SVG charts.

Python works out the numbers; templates under templates/roles/charts/ draw them,
so every name that reaches an SVG goes through Django's auto-escaping.
"""

import itertools
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


# Spectrum: roles as dots on one axis, names hung below in as few lanes as fit
# without overlapping each other or another label's leader line.
@dataclass
class SpectrumPoint:
    role: object
    x: float
    label_x: float = 0
    anchor: str = "start"
    lane: int = 0
    span: tuple[float, float] = (0, 0)
    label_y: float = 0


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
    left_label_y: int
    right_label_y: int
    end_labels: tuple[str, str] = ("← Builds the model", "Builds with the model →")

    @property
    def axis_width(self):
        return self.x1 - self.x0


def _text_width(text, font_size):
    # A generous average glyph width for the system sans-serif stack, semi-bold.
    return len(text) * font_size * 0.6


def _overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def spectrum(roles, *, width, font_size=14, margin=12):
    """Place each role by ``spectrum_position`` (0 builds the model ... 100 builds with it)."""
    x0, x1 = margin + 6, width - margin - 6
    # The two end labels share a line when they fit side by side; on narrow pictures they stack.
    left_label_y = right_label_y = font_size + 4
    if sum(_text_width(label, font_size) for label in Spectrum.end_labels) + 2 * font_size > x1 - x0:
        right_label_y = left_label_y + font_size + 8
    axis_y = right_label_y + font_size + 6
    span_width = x1 - x0
    lane_height = font_size + 12
    gap = font_size * 0.8

    points = []
    for role in sorted(roles, key=lambda r: (r.spectrum_position, r.display_order, r.name)):
        x = x0 + span_width * role.spectrum_position / 100
        text = _text_width(role.name, font_size)
        # Names hang to the right on the left half, to the left on the right half, so they stay inside.
        if x < width / 2:
            point = SpectrumPoint(role=role, x=x, label_x=x - 4, anchor="start", span=(x - 4, x - 4 + text))
        else:
            point = SpectrumPoint(role=role, x=x, label_x=x + 4, anchor="end", span=(x + 4 - text, x + 4))
        point.span = (point.span[0] - gap / 2, point.span[1] + gap / 2)
        tidy = (lane for lane in range(len(points) + 1) if _lane_is_free(points, lane, point.span, x))
        # Roles at (nearly) the same spot can leave no lane where no leader line crosses a
        # label; then any lane where the label itself fits will do (the last one always is free).
        point.lane = next(tidy, None)
        if point.lane is None:
            point.lane = next(lane for lane in itertools.count() if _label_fits(points, lane, point.span))
        points.append(point)

    lanes = max((p.lane for p in points), default=0) + 1
    first_label = axis_y + 18 + font_size
    for point in points:
        point.label_y = first_label + point.lane * lane_height
    height = first_label + (lanes - 1) * lane_height + font_size // 2 + 6
    return Spectrum(
        width=width,
        height=int(height),
        font_size=font_size,
        axis_y=axis_y,
        x0=x0,
        x1=x1,
        split_x=x0 + span_width / 2,
        points=points,
        left_label_y=left_label_y,
        right_label_y=right_label_y,
    )


def _label_fits(points, lane, span):
    return not any(other.lane == lane and _overlaps(span, other.span) for other in points)


def _lane_is_free(points, lane, span, leader_x):
    if not _label_fits(points, lane, span):
        return False
    for other in points:
        # A deeper label's leader line would cut through this label.
        if other.lane > lane and span[0] <= other.x <= span[1]:
            return False
        # This label's leader line would cut through a shallower label.
        if other.lane < lane and other.span[0] <= leader_x <= other.span[1]:
            return False
    return True
