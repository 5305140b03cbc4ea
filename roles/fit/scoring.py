"""Pure scoring for the role-fit questionnaire: no database, no Django.

Everything works on ``content``, the compiled questionnaire a Snapshot stores:

    {"dimensions": [{"slug", "name", "low", "high", "often", "sometimes", "rarely"}],
     "items": [{"id", "text", "loadings": [[dimension slug, weight ±1/±2], ...]}],
     "roles": [{"id", "slug", "name", "targets": {slug: 1-5}, "importance": {slug: 0-3}}]}

How a result is scored (the result page says the same in plain words):

* Each answer is a number from 1 (strongly disagree) to 5 (strongly agree).
* A dimension's value is the weighted average of the answers of the items that load on it;
  for an item whose agreement lowers the dimension (negative loading) the answer counts
  reversed (6 - answer). So the profile is six numbers from 1 to 5.
* A role's fit is 100 minus its weighted average gap: for each dimension, the gap between
  the visitor's value and the role's target (0 to 4), weighted by the dimension's importance
  for that role; the weighted average gap as a share of the largest possible gap (4) is taken
  from 100. Identical profile: 100; opposite end on every dimension that matters: 0.
* Roles are ranked by the unrounded fit; exact ties keep the site's role order.
* Two roles are "close" when the first leads the second by less than CLOSE_POINTS.
"""

import hashlib
import json

SCALE = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
SCALE_MIN, SCALE_MAX = 1, 5
LARGEST_GAP = SCALE_MAX - SCALE_MIN
CLOSE_POINTS = 5


def content_version(content):
    """A short hash of the whole compiled questionnaire: wording, loadings, targets, importances."""
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def profile_values(content, answers):
    """{dimension slug: value 1-5, or None when no published item loads on it}.

    ``answers`` maps item id -> 1..5 for every item of ``content``.
    """
    totals, weights = {}, {}
    for item in content["items"]:
        answer = answers[item["id"]]
        for slug, weight in item["loadings"]:
            value = answer if weight > 0 else SCALE_MIN + SCALE_MAX - answer
            totals[slug] = totals.get(slug, 0) + abs(weight) * value
            weights[slug] = weights.get(slug, 0) + abs(weight)
    return {
        dim["slug"]: (totals[dim["slug"]] / weights[dim["slug"]] if weights.get(dim["slug"]) else None)
        for dim in content["dimensions"]
    }


def role_fit(role, values):
    """0-100: 100 minus the importance-weighted average gap, as a share of the largest gap."""
    gap = total = 0
    for slug, value in values.items():
        importance = role["importance"].get(slug, 0)
        if value is None or not importance:
            continue
        gap += importance * abs(value - role["targets"][slug])
        total += importance
    return 100 * (1 - gap / (LARGEST_GAP * total)) if total else 0.0


def rank_roles(content, values):
    """Every role scored for ``values``, best first: [{"role_id", "slug", "name", "fit", "score", ...}]."""
    rows = []
    for order, role in enumerate(content["roles"]):
        fit = role_fit(role, values)
        rows.append((-fit, order, role, fit))
    rows.sort(key=lambda row: row[:2])
    return [
        {
            "role_id": role["id"],
            "slug": role["slug"],
            "name": role["name"],
            "fit": round(fit, 2),
            "score": int(fit + 0.5),
            "targets": role["targets"],
            "importance": role["importance"],
        }
        for _, _, role, fit in rows
    ]


def is_close(scores):
    return len(scores) > 1 and scores[0]["fit"] - scores[1]["fit"] < CLOSE_POINTS


def profile_rows(content, values):
    """The dimensions with the visitor's value (rounded to 2 places), in the questionnaire's order."""
    rows = []
    for dim in content["dimensions"]:
        value = values[dim["slug"]]
        rows.append({**dim, "value": _rounded(value)})
    return rows


def _rounded(value):
    return None if value is None else round(value, 2)


# A result keeps only what the visitor brought (answers, profile, fits); wording, targets and
# importances are in its snapshot, which never changes. The functions below join the two.


def stored_profile(values):
    """{dimension slug: value rounded to 2 places, or None}: the profile as a result keeps it."""
    return {slug: _rounded(value) for slug, value in values.items()}


def stored_scores(scores):
    """rank_roles' rows as a result keeps them: [{"role_id", "fit", "score"}], best first."""
    return [{"role_id": row["role_id"], "fit": row["fit"], "score": row["score"]} for row in scores]


def scores_with_roles(content, stored):
    """Stored score rows with their role's slug, name, targets and importances, as rank_roles gives them."""
    roles = {role["id"]: role for role in content["roles"]}
    return [
        {
            **row,
            "slug": roles[row["role_id"]]["slug"],
            "name": roles[row["role_id"]]["name"],
            "targets": roles[row["role_id"]]["targets"],
            "importance": roles[row["role_id"]]["importance"],
        }
        for row in stored
    ]


def answers_with_items(content, stored):
    """[{"item_id", "text", "value"}] in the questionnaire's order, from {str(item id): 1-5}."""
    return [
        {"item_id": item["id"], "text": item["text"], "value": stored[str(item["id"])]} for item in content["items"]
    ]


def number(value):
    """4.0 -> "4", 4.5 -> "4.5", 3.67 -> "3.7"."""
    return f"{value:.1f}".removesuffix(".0")


def _phrase(dim, target):
    return dim["often"] if target >= 4 else dim["sometimes"] if target == 3 else dim["rarely"]


def _points_lost(role, slug, value, values):
    # A dimension an editor has not yet given this role a target for does not count for it.
    importance = role["importance"].get(slug, 0)
    total = sum(w for s, w in role["importance"].items() if w and values.get(s) is not None)
    if not importance or not total:
        return 0.0
    return 100 * importance * abs(value - role["targets"][slug]) / (LARGEST_GAP * total)


def _separation_sentence(dim, value, top, second, top_target, second_target):
    rated = f"You rated {dim['name']} {number(value)} of 5"
    first, runner_up = top["name"], second["name"]
    if top_target is None:
        return f"{rated}; {runner_up}s {_phrase(dim, second_target)}, and it does not count towards {first}."
    top_does, second_does = _phrase(dim, top_target), _phrase(dim, second_target)
    if top_does == second_does:
        return f"{rated}; {first}s {top_does}, and so do {runner_up}s, but it counts for more in {first} work."
    return f"{rated}; {first}s {top_does}; {runner_up}s {second_does}."


def separating_dimensions(profile, scores, limit=3):
    """The dimensions that most separate the top role from the runner-up, in words.

    For each dimension: the points the runner-up loses there minus the points the top role
    loses; the largest positive ones, with a sentence built from the dimension's phrases.
    """
    if len(scores) < 2:
        return []
    top, second = scores[0], scores[1]
    values = {dim["slug"]: dim["value"] for dim in profile}
    rows = []
    for dim in profile:
        value = dim["value"]
        if value is None:
            continue
        gain = _points_lost(second, dim["slug"], value, values) - _points_lost(top, dim["slug"], value, values)
        if gain <= 0.05:
            continue
        # Only the runner-up loses points here, so it has a target; the top role may have none.
        top_target, second_target = top["targets"].get(dim["slug"]), second["targets"][dim["slug"]]
        sentence = _separation_sentence(dim, value, top, second, top_target, second_target)
        rows.append(
            {
                "name": dim["name"],
                "value": value,
                "top_target": top_target,
                "second_target": second_target,
                "points": round(gain, 1),
                "sentence": sentence,
            }
        )
    rows.sort(key=lambda row: -row["points"])
    return rows[:limit]


def _margin(content, answers, first_id, second_id):
    """How far ``first_id`` leads ``second_id`` for ``answers`` (negative: it trails)."""
    values = profile_values(content, answers)
    fits = {role["id"]: role_fit(role, values) for role in content["roles"] if role["id"] in (first_id, second_id)}
    return fits[first_id] - fits[second_id]


def _leader(content, answers):
    return rank_roles(content, profile_values(content, answers))[0]["role_id"]


def answer_swaps(content, answers, scores, limit=2):
    """The answer changes that would put the runner-up first, for a close result.

    Returns a list of routes, each a list of changes ({"item_id", "from", "to"}):
    up to ``limit`` single changes that are each enough on their own (smallest step first,
    then the clearest swap), or, when no single change is enough, one route of two changes
    (the one that narrows the gap most, then the smallest second step that completes it).
    """
    if not is_close(scores):
        return []
    first_id, second_id = scores[0]["role_id"], scores[1]["role_id"]

    def changes(base):
        for item_id, current in base.items():
            for value in range(SCALE_MIN, SCALE_MAX + 1):
                if value != current:
                    trial = {**base, item_id: value}
                    yield abs(value - current), _margin(content, trial, first_id, second_id), item_id, value, trial

    def describe(item_id, value):
        return {"item_id": item_id, "from": answers[item_id], "to": value}

    singles = sorted(
        (step, margin, item_id, value)
        for step, margin, item_id, value, trial in changes(answers)
        if _leader(content, trial) == second_id
    )
    if singles:
        return [[describe(item_id, value)] for _, _, item_id, value in singles[:limit]]
    _, _, item_id, value, trial = min(changes(answers), key=lambda change: (change[1], change[0]))
    for _, _, second_item, second_value, final in sorted(changes(trial), key=lambda c: (c[0], c[1])):
        if second_item != item_id and _leader(content, final) == second_id:
            return [[describe(item_id, value), describe(second_item, second_value)]]
    return []
