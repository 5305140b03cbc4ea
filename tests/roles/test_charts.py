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


def assert_tidy(spectrum):
    points = spectrum.points
    for point in points:
        # Labels stay inside the picture (spans include half a gap on each side).
        pad = spectrum.font_size * 0.4
        assert point.span[0] + pad >= 0
        assert point.span[1] - pad <= spectrum.width
        assert point.label_y < spectrum.height
    for a in points:
        for b in points:
            if a is not b and a.lane == b.lane:
                assert not charts._overlaps(a.span, b.span), (a.role.name, b.role.name)


@pytest.mark.parametrize("width", [340, 660, 1100])
def test_spectrum_labels_never_overlap_and_leaders_never_cross_labels(width):
    spectrum = charts.spectrum(SAMPLE, width=width)
    assert_tidy(spectrum)
    for a in spectrum.points:
        for b in spectrum.points:
            if b.lane < a.lane:
                assert not (b.span[0] <= a.x <= b.span[1]), (a.role.name, b.role.name)


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
