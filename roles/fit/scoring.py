"""Pure scoring for the role-fit questionnaire (third edition): no database, no Django.

Everything works on ``content``, the compiled questionnaire a Snapshot stores:

    {"edition": 3,
     "dimensions": [{"slug", "name", "low", "high", "often", "sometimes", "rarely"}],
     "items": [{"id", "text", "loadings": [[dimension slug, weight ±1/±2], ...]}],
     "roles": [{"id", "slug", "name", "targets": {slug: 1-5}, "reasons": {slug: text}}],
     "experiences": [{"id", "text", "steps": [roadmap step id, ...]}]}

How a result is scored (the result page says the same in plain words):

* Each answer is a number from 1 (strongly disagree) to 5 (strongly agree). The person's own mean
  answer is taken off every answer first, so agreeing (or disagreeing) with everything moves nothing.
* A dimension's lean is the weighted average of those centred answers over the statements that
  measure it; a statement worded the other way (negative weight) counts reversed.
* The leans are standardised (own average 0, own spread 1): the visitor's "standing" per dimension.
  Each role's targets are standardised the same way. The chart draws exactly these standings.
* A role's match is the average product of the two standings (a correlation, -1 to 1); equivalently
  1 minus half the average squared gap between the markers on the chart. Roles are ranked by match;
  exact ties keep the site's role order.
* Little information: the leans hardly differ (all answers the same, or nearly), or the person agreed
  (or disagreed) with both sides of several dimensions. Such a result names no role.
* Too close to call: the first two roles' matches differ by less than CLOSE_MATCH.
"""

import hashlib
import json
import math

EDITION = 3
SCALE = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
SCALE_MIN, SCALE_MAX = 1, 5
# Leans (in answer steps) whose spread is below this say almost nothing: all answers alike, or nearly.
LOW_SPREAD = 0.3
# A dimension is contradicted when its two wordings' answers sit at least this far apart once the
# reversed one is turned round (strongly agreeing with both sides is 4 apart)...
CONTRADICTION_STEPS = 3
# ...and answers contradicting themselves on this many dimensions carry little information.
CONTRADICTED_DIMENSIONS = 3
CLOSE_MATCH = 0.10
# Match bands, best first: (lowest match in the band, name).
BANDS = [(0.6, "strong"), (0.3, "good"), (-1.0, "partial")]
# A standing at or beyond this (either side) counts as "often" or "rarely" in the reasons.
CLEAR_STANDING = 0.5


def content_version(content):
    """A short hash of the whole compiled questionnaire: wording, loadings, targets, reasons."""
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def measured(content):
    """The dimensions at least one statement measures, in the questionnaire's order."""
    loaded = {slug for item in content["items"] for slug, _ in item["loadings"]}
    return [dim for dim in content["dimensions"] if dim["slug"] in loaded]


def standardise(values):
    """Values with their mean taken off and divided by their spread (population); all 0 when flat.

    Rounded to 9 places, so that profiles of the same shape (4 2 4 and 5 1 5) get exactly the same
    standings and tie as they should, instead of by floating-point noise."""
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))
    return [round((value - mean) / spread, 9) if spread > 1e-9 else 0.0 for value in values], spread


def leans(content, answers):
    """{dimension slug: lean} for the measured dimensions: weighted mean of the centred answers,
    reversed where a statement is worded the other way. ``answers``: {item id: 1-5}, every item."""
    mean = sum(answers[item["id"]] for item in content["items"]) / len(content["items"])
    totals, weights = {}, {}
    for item in content["items"]:
        centred = answers[item["id"]] - mean
        for slug, weight in item["loadings"]:
            totals[slug] = totals.get(slug, 0.0) + weight * centred
            weights[slug] = weights.get(slug, 0) + abs(weight)
    return {dim["slug"]: totals[dim["slug"]] / weights[dim["slug"]] for dim in measured(content)}


def contradicted(content, answers):
    """The dimensions whose statements worded one way and the other were answered alike (both
    agreed with, or both disagreed with): the answers there cancel out instead of saying something."""
    sides = {}
    for item in content["items"]:
        answer = answers[item["id"]]
        for slug, weight in item["loadings"]:
            keyed = answer if weight > 0 else SCALE_MIN + SCALE_MAX - answer
            side = sides.setdefault(slug, {True: [0, 0], False: [0, 0]})[weight > 0]
            side[0] += abs(weight) * keyed
            side[1] += abs(weight)
    found = []
    for dim in measured(content):
        forward, reversed_ = sides[dim["slug"]][True], sides[dim["slug"]][False]
        if (
            forward[1]
            and reversed_[1]
            and abs(forward[0] / forward[1] - reversed_[0] / reversed_[1]) >= CONTRADICTION_STEPS
        ):
            found.append(dim["slug"])
    return found


def role_standing(content, role):
    """{dimension slug: standing} of a role's targets over the measured dimensions (a missing target
    sits at the role's own average)."""
    dims = measured(content)
    targets = [role["targets"].get(dim["slug"]) for dim in dims]
    known = [target for target in targets if target is not None]
    middle = sum(known) / len(known) if known else 3
    standing, _ = standardise([middle if target is None else target for target in targets])
    return dict(zip((dim["slug"] for dim in dims), standing, strict=True))


def band(match):
    return next(name for lowest, name in BANDS if match >= lowest)


def evaluate(content, answers):
    """Everything a result stores: the profile (lean and standing per dimension, spread, contradicted
    dimensions, whether the answers carry little information) and every role's match, best first."""
    lean = leans(content, answers)
    slugs = list(lean)
    standing, spread = standardise([lean[slug] for slug in slugs]) if slugs else ([], 0.0)
    standing = dict(zip(slugs, standing, strict=True))
    against = contradicted(content, answers)
    rows = []
    for order, role in enumerate(content["roles"]):
        target = role_standing(content, role)
        match = sum(standing[slug] * target[slug] for slug in slugs) / len(slugs) if slugs else 0.0
        rows.append((-round(match, 3), order, role["id"], round(match, 3)))
    rows.sort()
    return {
        "profile": {
            "lean": {slug: round(value, 2) for slug, value in lean.items()},
            "standing": {slug: round(value, 2) for slug, value in standing.items()},
            "spread": round(spread, 2),
            "contradicted": against,
            "little_information": spread < LOW_SPREAD or len(against) >= CONTRADICTED_DIMENSIONS,
        },
        "scores": [{"role_id": role_id, "match": match, "band": band(match)} for _, _, role_id, match in rows],
    }


def is_close(scores):
    # Matches are stored to 3 places: compare the difference at that precision too.
    return len(scores) > 1 and round(scores[0]["match"] - scores[1]["match"], 3) < CLOSE_MATCH


def kind(profile, scores):
    """Which story a result tells: "little" (no winner), "tie" (two lanes side by side) or "clear"."""
    if profile["little_information"] or not scores:
        return "little"
    return "tie" if is_close(scores) else "clear"


def number(value):
    """Signed, one decimal: 1.23 -> "+1.2", -0.04 -> "0.0"."""
    shown = f"{value:+.1f}"
    return "0.0" if shown in ("+0.0", "-0.0") else shown.replace("-", "−")


def phrase(dim, standing):
    return (
        dim["often"]
        if standing >= CLEAR_STANDING
        else dim["rarely"]
        if standing <= -CLEAR_STANDING
        else dim["sometimes"]
    )


def separations(content, profile, first, second, limit=3):
    """The dimensions that bring the visitor closer to ``first`` than to ``second``, from the chart's
    standings: each row's ``share`` is that dimension's part of the difference in match (the gaps on the
    chart, squared: a match is 1 minus half the average squared gap). Largest first."""
    dims = measured(content)
    you = profile["standing"]
    a, b = role_standing(content, first), role_standing(content, second)
    rows = []
    for dim in dims:
        slug = dim["slug"]
        share = ((you[slug] - b[slug]) ** 2 - (you[slug] - a[slug]) ** 2) / (2 * len(dims))
        if share < 0.01:
            continue
        rows.append(
            {
                "slug": slug,
                "name": dim["name"],
                "you": you[slug],
                "first": a[slug],
                "second": b[slug],
                "share": share,
                "sentence": (
                    f"{dim['name'][:1].upper()}{dim['name'][1:]}: you {number(you[slug])}, {first['name']} "
                    f"{number(a[slug])}, {second['name']} {number(b[slug])}. {first['name']}s {phrase(dim, a[slug])}; "
                    f"{second['name']}s {phrase(dim, b[slug])}."
                ),
            }
        )
    rows.sort(key=lambda row: -row["share"])
    return rows[:limit]


def pull(content, first, second):
    """{item id: how much agreeing one step more moves the visitor towards ``first`` rather than
    ``second``}. Which of two roles matches better depends only on the sign of the sum over
    dimensions of lean times the roles' difference in standing, which is linear in the answers; this
    is each answer's coefficient (the own-mean centring included)."""
    a, b = role_standing(content, first), role_standing(content, second)
    weights = {}
    for item in content["items"]:
        for slug, weight in item["loadings"]:
            weights[slug] = weights.get(slug, 0) + abs(weight)
    direct = {
        item["id"]: sum(weight / weights[slug] * (a[slug] - b[slug]) for slug, weight in item["loadings"])
        for item in content["items"]
    }
    common = sum(direct.values()) / len(direct)
    return {item_id: value - common for item_id, value in direct.items()}


def telling_statements(content, answers, first, second):
    """For a tie: the statement whose stronger agreement points most to each of the two roles,
    among those not already answered "strongly agree" (there is no agreeing more with those).

    [{"role": name, "item_id", "text", "answer"}, ...], one per role that has such a statement."""
    coefficients = pull(content, first, second)
    texts = {item["id"]: item["text"] for item in content["items"]}
    open_ = {item_id: value for item_id, value in coefficients.items() if answers[item_id] < SCALE_MAX}
    found = []
    for role, sign in ((first, 1), (second, -1)):
        if not open_:
            break
        item_id, value = max(open_.items(), key=lambda pair: sign * pair[1])
        if sign * value > 0:
            found.append({"role": role["name"], "item_id": item_id, "text": texts[item_id], "answer": answers[item_id]})
    return found


def furthest_apart(content):
    """The two roles whose profiles differ most: the ones to read when the answers chose neither."""
    roles = content["roles"]
    standings = [role_standing(content, role) for role in roles]
    pairs = [
        (sum(standings[i][s] * standings[j][s] for s in standings[i]), i, j)
        for i in range(len(roles))
        for j in range(i + 1, len(roles))
    ]
    if not pairs:
        return roles[:2]
    _, i, j = min(pairs)
    return [roles[i], roles[j]]
