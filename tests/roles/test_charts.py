"""Chart geometry: plain objects in, numbers out (no database needed)."""

from types import SimpleNamespace

import pytest

from roles import charts


def role(name, position, order=0):
    return SimpleNamespace(name=name, spectrum_position=position, display_order=order)


AREAS = {
    name: SimpleNamespace(pk=name, name=name, display_order=index)
    for index, name in enumerate(["Software", "Maths", "Evals"])
}


def rated(name, levels):
    """A role-like object whose skill_levels.all() yields the given {area_name: level}."""
    items = [SimpleNamespace(skill_area=AREAS[area], level=level) for area, level in levels.items()]
    return SimpleNamespace(name=name, skill_levels=SimpleNamespace(all=lambda: items))


SAMPLE = [
    role("ML Engineer", 10),
    role("AI Engineer", 70),
    role("GenAI Developer", 75),
    role("Agentic AI Engineer", 82),
    role("Forward Deployed Engineer", 92),
]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def assert_tidy(spectrum):
    for point in spectrum.points:
        assert point.span[0] >= 0 and point.span[1] <= spectrum.width, point.role.name
        assert 0 < point.label_y < spectrum.height
        # The leader meets the name, and names sit on their own side of the axis.
        assert point.span[0] <= point.leader_x <= point.span[1]
        assert (point.label_y < spectrum.axis_y) == point.above
    for a in spectrum.points:
        for b in spectrum.points:
            if a is not b and a.row == b.row:
                assert not overlaps(a.span, b.span), (a.role.name, b.role.name)


@pytest.mark.parametrize("width", [340, 660, 1100])
def test_spectrum_names_never_overlap(width):
    assert_tidy(charts.spectrum(SAMPLE, width=width))


def test_spectrum_names_of_five_roles_take_one_row_above_and_one_below():
    spectrum = charts.spectrum(SAMPLE, width=1100, font_size=15)

    assert spectrum.rows == 2
    # Neighbours on the line alternate sides, so four roles close together never stack up.
    assert [point.above for point in spectrum.points] == [True, False, True, False, True]
    for point in spectrum.points:
        # Each name stays near its dot: its leader is close to upright.
        assert abs(point.leader_x - point.x) <= 3 * spectrum.font_size, point.role.name


def test_spectrum_adds_rows_only_when_names_would_collide():
    apart = charts.spectrum([role("ML Engineer", 10), role("AI Engineer", 90)], width=1100)
    assert apart.rows == 1
    assert all(point.above for point in apart.points)


def test_spectrum_places_roles_by_position():
    spectrum = charts.spectrum(SAMPLE, width=1100)
    xs = {point.role.name: point.x for point in spectrum.points}
    assert xs["ML Engineer"] < spectrum.split_x < xs["AI Engineer"] < xs["Forward Deployed Engineer"]
    assert spectrum.x0 <= min(xs.values()) and max(xs.values()) <= spectrum.x1


def test_spectrum_end_labels_stack_only_when_narrow():
    wide, narrow = charts.spectrum(SAMPLE, width=1100), charts.spectrum(SAMPLE, width=340)
    assert wide.left_label_y == wide.right_label_y
    assert narrow.left_label_y < narrow.right_label_y < narrow.axis_y


def test_spectrum_copes_with_roles_at_the_same_spot_and_many_roles():
    crowded = [role(f"Role number {n}", 60) for n in range(12)] + [role(f"R{n}", n * 2) for n in range(50)]
    spectrum = charts.spectrum(crowded, width=340)
    assert len(spectrum.points) == 62
    assert_tidy(spectrum)


def test_spectrum_of_no_roles_is_empty():
    assert charts.spectrum([], width=340).points == []


def test_skill_chart_for_one_role_prints_levels_on_the_label_line():
    chart = charts.skill_chart([rated("AI Engineer", {"Software": 5, "Maths": 2})])

    assert [row.area.name for row in chart.rows] == ["Software", "Maths"]
    software, maths = chart.rows
    assert software.bars[0].percent == 100 and maths.bars[0].percent == 40
    assert software.bars[0].value_y == software.label_y
    assert chart.ticks == [20, 40, 60, 80]
    assert chart.table == [(software.area, [5]), (maths.area, [2])]


def test_skill_chart_overlays_several_roles_with_a_series_each():
    ai = rated("AI Engineer", {"Software": 5, "Maths": 2})
    ml = rated("ML Engineer", {"Maths": 5})
    chart = charts.skill_chart([ai, ml])

    software = chart.rows[0]
    assert [bar.series for bar in software.bars] == [1, 2]
    assert [bar.level for bar in software.bars] == [5, None]  # ML Engineer is not rated on it
    assert software.bars[0].percent == charts.TRACK_PERCENT
    assert software.bars[1].y > software.bars[0].y
    assert chart.height >= software.bars[1].bottom


def test_skill_chart_finds_differences_and_common_ground():
    ai = rated("AI Engineer", {"Software": 5, "Maths": 2, "Evals": 4})
    ml = rated("ML Engineer", {"Software": 3, "Maths": 5, "Evals": 3})
    chart = charts.skill_chart([ai, ml])

    differences = chart.differences()
    assert [(area.name, [bar.role.name for bar in bars]) for area, bars in differences] == [
        ("Maths", ["ML Engineer", "AI Engineer"]),
        ("Software", ["AI Engineer", "ML Engineer"]),
    ]
    assert [area.name for area in chart.shared_strengths()] == ["Software", "Evals"]
