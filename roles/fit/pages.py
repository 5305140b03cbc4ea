"""What a result page shows, built from a stored result and the snapshot it answered.

A result of the current edition tells one of three stories (scoring.kind): little information (no
role named, two profiles to read), a tie (two lanes side by side, and the statements that would tell
them apart) or a clear first (the reasons, from the chart's own numbers). A result of an earlier
edition is shown as it was stored, with no scoring at all.
"""

from . import scoring

# The chart's geometry (SVG user units): standings from -LIMIT to +LIMIT across the width.
CHART_WIDTH, CHART_MARGIN, CHART_TOP, ROW_HEIGHT, LIMIT = 320, 16, 32, 56, 2.5
# Role markers sit above (first) and below (second) the line, the visitor's on it: never hidden.
MARK_OFFSET = 11


def _x(standing):
    clipped = max(-LIMIT, min(LIMIT, standing))
    return round(CHART_MARGIN + (CHART_WIDTH - 2 * CHART_MARGIN) * (clipped + LIMIT) / (2 * LIMIT), 1)


def chart(content, profile, roles):
    """Per measured dimension: the visitor's standing and each of ``roles``' standings, placed."""
    standings = [scoring.role_standing(content, role) for role in roles]
    rows = []
    for index, dim in enumerate(scoring.measured(content)):
        slug, y = dim["slug"], CHART_TOP + index * ROW_HEIGHT
        you = profile["standing"][slug]
        rows.append(
            {
                "name": dim["name"],
                "low": dim["low"],
                "high": dim["high"],
                "y": y,
                "label_y": y - 21,
                "you": scoring.number(you),
                "x": _x(you),
                "marks": [
                    {
                        "name": role["name"],
                        "shown": scoring.number(standing[slug]),
                        "x": _x(standing[slug]),
                        "y": y + (-MARK_OFFSET if position == 0 else MARK_OFFSET),
                    }
                    for position, (role, standing) in enumerate(zip(roles, standings, strict=True))
                ],
            }
        )
    # Below the rows: the scale's ticks, then what left and right mean.
    tick_y = CHART_TOP + len(rows) * ROW_HEIGHT - 14
    ticks = [(label, _x(value)) for value, label in ((-2, "−2"), (0, "0"), (2, "+2"))]
    return {
        "rows": rows,
        "height": tick_y + 16,
        "ticks": ticks,
        "tick_y": tick_y,
        "words_y": tick_y + 13,
        "grid_top": CHART_TOP - 14,
    }


def known_steps(content, done, role_slug):
    """The roadmap step ids of ``role_slug`` that the ticked experiences cover, in no particular order."""
    ticked = set(done)
    return sorted(
        {
            step
            for row in content.get("experiences", [])
            if row["id"] in ticked
            for step in row["steps"].get(role_slug, [])
        }
    )


def current_page(result, roles):
    """The page of a current-edition result; ``roles`` maps role pk -> Role (services.result_roles)."""
    content, profile = result.snapshot.content, result.profile
    by_id = {role["id"]: role for role in content["roles"]}
    ranking = [
        {
            **row,
            "name": by_id[row["role_id"]]["name"],
            "slug": by_id[row["role_id"]]["slug"],
            "role": roles.get(row["role_id"]),
        }
        for row in result.scores
    ]
    kind = scoring.kind(profile, result.scores)
    page = {"kind": kind, "ranking": ranking, "dimension_count": len(scoring.measured(content))}
    if kind == "little":
        names = {dim["slug"]: dim["name"] for dim in content["dimensions"]}
        page["contradicted"] = [names[slug] for slug in profile["contradicted"]]
        page["read"] = [roles.get(role["id"]) for role in scoring.furthest_apart(content) if roles.get(role["id"])]
        return page
    first, second = ranking[0], ranking[1] if len(ranking) > 1 else None
    pair = [by_id[first["role_id"]]] + ([by_id[second["role_id"]]] if second else [])
    page.update(first=first, second=second, chart=chart(content, profile, pair))
    page["lanes"] = [first] if kind == "clear" or not second else [first, second]
    for lane in page["lanes"]:
        lane["known"] = known_steps(content, result.done, lane["slug"])
    if kind == "clear" and second:
        page["reasons"] = scoring.separations(content, profile, *pair)
    elif kind == "tie":
        answers = {int(item_id): value for item_id, value in result.answers.items()}
        labels = dict(scoring.SCALE)
        page["telling"] = [
            {**row, "answer_label": labels[row["answer"]]}
            for row in scoring.telling_statements(content, answers, *pair)
        ]
    return page


def earlier_page(result, roles):
    """The page of a result from an earlier edition, from what it stored: its ranking with the scores
    it showed, and its profile next to its top two roles' targets (1 to 5)."""
    content = result.snapshot.content
    by_id = {role["id"]: role for role in content["roles"]}
    ranking = [
        {"name": by_id[row["role_id"]]["name"], "score": row["score"], "role": roles.get(row["role_id"])}
        for row in result.scores
    ]
    top_two = [by_id[row["role_id"]] for row in result.scores[:2]]
    rows = [
        {
            "name": dim["name"],
            "you": "–" if result.profile.get(dim["slug"]) is None else f"{result.profile[dim['slug']]:.1f}",
            "targets": [role["targets"].get(dim["slug"], "–") for role in top_two],
        }
        for dim in content["dimensions"]
    ]
    return {"kind": "earlier", "ranking": ranking, "rows": rows, "top_two": [role["name"] for role in top_two]}
