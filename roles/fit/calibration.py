"""Calibration of a compiled questionnaire: who can come first, and what random answers do.

Computed by a task after editors save the questionnaire (services.publish_snapshot queues
tasks.calibrate_snapshot) and stored on the Snapshot; the admin's Calibration page shows it.

Can every role come first? (exact)
    Which of two roles matches better depends only on the sign of the sum, over dimensions, of the
    visitor's lean times the difference of the two roles' standings (scoring.pull), and a lean is
    linear in the answers. So for each role r a small integer programme (HiGHS, through scipy's
    milp) over the answers themselves (integers 1-5) covers every possible answer sheet:

        maximise  m   subject to   m <= sum_k lean_k(answers) * (standing_r,k - standing_s,k)
                                   for every other role s.

    Above zero: r can come first, and the solver's answers are a witness, checked again with the
    plain scorer. Zero or below: no answer sheet puts r first.

Random answers
    RANDOM_SHEETS answer sheets drawn uniformly (fixed seed, so the report is repeatable): how often
    each role comes first (it should be between MIN_SHARE and MAX_SHARE for every role: no
    catch-all), how often the result is too close to call or carries little information, and how
    far one answer moved by one step shifts the first role's match (whether a number would be stable
    enough to show instead of a band).
"""

import copy
import random
import statistics

from . import scoring

RANDOM_SHEETS = 10_000
RANDOM_SEED = 2026
MIN_SHARE, MAX_SHARE = 0.10, 0.30
# A match shown as a whole number out of 100 must not move more than this for one answer one step.
STABLE_POINTS = 2
STABILITY_SHEETS = 2_000
MIN_ITEMS, MAX_ITEMS = 12, 20
# At least this share of each dimension's statements is worded the other way round.
MIN_REVERSED = 1 / 3


def lean_coefficients(content):
    """{dimension slug: [coefficient per item]}: lean_k = sum_i coefficient_k,i * answer_i (the
    person's own mean answer taken off is part of the coefficients)."""
    items = content["items"]
    weights = {}
    for item in items:
        for slug, weight in item["loadings"]:
            weights[slug] = weights.get(slug, 0) + abs(weight)
    rows = {}
    for dim in scoring.measured(content):
        slug = dim["slug"]
        direct = [sum(w / weights[slug] for s, w in item["loadings"] if s == slug) for item in items]
        common = sum(direct) / len(items)
        rows[slug] = [value - common for value in direct]
    return rows


def best_lead(content, role_index):
    """The answers that give role ``role_index`` its widest margin over its strongest rival, and
    whether they put it first: (match lead over the runner-up for those answers, {item id: answer})."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    items, roles = content["items"], content["roles"]
    coefficients = lean_coefficients(content)
    standings = [scoring.role_standing(content, role) for role in roles]
    n = len(items)
    rows = []
    for s in range(len(roles)):
        if s == role_index:
            continue
        # m - sum_i a_i * c_i <= 0, with c_i = sum_k coefficient_k,i * (standing_r,k - standing_s,k)
        row = np.zeros(n + 1)
        row[n] = 1.0
        for slug, coef in coefficients.items():
            row[:n] -= np.array(coef) * (standings[role_index][slug] - standings[s][slug])
        rows.append(row)
    objective = np.zeros(n + 1)
    objective[n] = -1.0
    integrality = np.ones(n + 1)
    integrality[n] = 0
    lo = np.full(n + 1, float(scoring.SCALE_MIN))
    hi = np.full(n + 1, float(scoring.SCALE_MAX))
    lo[n], hi[n] = -np.inf, np.inf
    solution = milp(
        objective,
        integrality=integrality,
        bounds=Bounds(lo, hi),
        constraints=[LinearConstraint(np.array(rows), -np.inf, 0.0)] if rows else [],
        options={"mip_rel_gap": 0},
    )
    if not solution.success:
        raise RuntimeError(f"The calibration programme did not solve: {solution.message}")
    answers = {item["id"]: int(round(solution.x[i])) for i, item in enumerate(items)}
    # The solver works in floating point; the lead reported is recomputed with the plain scorer.
    scores = scoring.evaluate(content, answers)["scores"]
    matches = {row["role_id"]: row["match"] for row in scores}
    own = matches.pop(roles[role_index]["id"])
    return (own - max(matches.values()) if matches else 1.0), answers


def who_can_win(content):
    """Per role: its lead in the answers that favour it most, and those answers (None when no answer
    sheet puts it first)."""
    report = []
    for index, role in enumerate(content["roles"]):
        if not content["items"]:
            report.append({"slug": role["slug"], "name": role["name"], "lead": None, "witness": None})
            continue
        lead, answers = best_lead(content, index)
        first = scoring.evaluate(content, answers)["scores"][0]["role_id"]
        wins = lead > 0 and first == role["id"]
        report.append(
            {
                "slug": role["slug"],
                "name": role["name"],
                "lead": round(lead, 2),
                "witness": {str(item_id): value for item_id, value in answers.items()} if wins else None,
            }
        )
    return report


def random_sheets(content, sheets, seed):
    generator = random.Random(seed)
    ids = [item["id"] for item in content["items"]]
    return [
        {item_id: generator.randint(scoring.SCALE_MIN, scoring.SCALE_MAX) for item_id in ids} for _ in range(sheets)
    ]


def random_answers(content, sheets=RANDOM_SHEETS, seed=RANDOM_SEED):
    """How often each role comes first on random answer sheets (and whether that is within
    MIN_SHARE..MAX_SHARE), how often the result is close or carries little information."""
    roles = content["roles"]
    if not roles or not content["items"]:
        return {"sheets": 0, "seed": seed, "wins": [], "close_share": 0.0, "little_share": 0.0}
    firsts = {role["id"]: 0 for role in roles}
    close = little = 0
    for answers in random_sheets(content, sheets, seed):
        scored = scoring.evaluate(content, answers)
        firsts[scored["scores"][0]["role_id"]] += 1
        close += scoring.is_close(scored["scores"])
        little += scored["profile"]["little_information"]
    wins = []
    for role in roles:
        share = firsts[role["id"]] / sheets
        wins.append(
            {
                "slug": role["slug"],
                "name": role["name"],
                "share": round(share, 4),
                "drift": "high" if share > MAX_SHARE else "low" if share < MIN_SHARE else "",
            }
        )
    return {
        "sheets": sheets,
        "seed": seed,
        "wins": wins,
        "close_share": round(close / sheets, 4),
        "little_share": round(little / sheets, 4),
    }


def stability(content, sheets=STABILITY_SHEETS, seed=RANDOM_SEED):
    """How far the first role's match moves (in points out of 100) when one answer moves one step:
    the median and the 90th percentile over random sheets, and whether a number would be stable to
    ±STABLE_POINTS (else the result page shows bands)."""
    if not content["roles"] or not content["items"]:
        return {"median": 0.0, "p90": 0.0, "stable": True}
    generator = random.Random(seed + 1)
    moves = []
    for answers in random_sheets(content, sheets, seed):
        before = scoring.evaluate(content, answers)["scores"][0]
        item_id = generator.choice(list(answers))
        step = 1 if answers[item_id] < scoring.SCALE_MAX else -1
        after = scoring.evaluate(content, {**answers, item_id: answers[item_id] + step})["scores"]
        moved = next(row["match"] for row in after if row["role_id"] == before["role_id"])
        moves.append(100 * abs(moved - before["match"]))
    p90 = statistics.quantiles(moves, n=10)[-1]
    return {"median": round(statistics.median(moves), 1), "p90": round(p90, 1), "stable": p90 <= STABLE_POINTS}


def problems(content, random_report=None):
    """What keeps the questionnaire from working as designed, in plain words."""
    found = []
    count = len(content["items"])
    if not MIN_ITEMS <= count <= MAX_ITEMS:
        found.append(f"{count} statements are published; the questionnaire is designed for {MIN_ITEMS} to {MAX_ITEMS}.")
    for item in content["items"]:
        if not 1 <= len(item["loadings"]) <= 2:
            found.append(f"“{item['text']}” loads on {len(item['loadings'])} dimensions; give it one or two.")
    for dim in content["dimensions"]:
        signs = [weight > 0 for item in content["items"] for slug, weight in item["loadings"] if slug == dim["slug"]]
        if not signs:
            found.append(f"No published statement measures {dim['name']}, so it counts for nothing.")
        elif signs.count(False) < MIN_REVERSED * len(signs):
            found.append(
                f"Only {signs.count(False)} of the {len(signs)} statements on {dim['name']} are worded the other way "
                "round; make it at least one in three, so that agreeing with everything cannot raise it."
            )
    for role in content["roles"]:
        missing = [dim["name"] for dim in content["dimensions"] if dim["slug"] not in role["targets"]]
        if missing:
            found.append(f"{role['name']} has no target for {', '.join(missing)}.")
        unexplained = [
            dim["name"]
            for dim in content["dimensions"]
            if dim["slug"] in role["targets"] and not role.get("reasons", {}).get(dim["slug"])
        ]
        if unexplained:
            found.append(f"{role['name']}'s target for {', '.join(unexplained)} gives no reason.")
    for row in (random_report or {}).get("wins", []):
        if row["drift"]:
            found.append(
                f"{row['name']} comes first on {100 * row['share']:.1f}% of random answer sheets; every role should "
                f"come first on {100 * MIN_SHARE:.0f}% to {100 * MAX_SHARE:.0f}% of them."
            )
    return found


_reports = {}


def calibrate(content):
    """The full report for ``content``, kept per version in this process: it depends on nothing else, and
    the same content is often published again (a reverted edit, a fresh database with the sample content).

    Row ids are replaced by positions before the lookup, so the same questionnaire loaded into another
    database (other primary keys) reuses the report; witness answer sheets get the real ids back."""
    item_ids = [item["id"] for item in content["items"]]
    canonical = {
        **content,
        "items": [{**item, "id": index} for index, item in enumerate(content["items"])],
        "roles": [{**role, "id": index} for index, role in enumerate(content["roles"])],
        "experiences": [],
    }
    version = scoring.content_version(canonical)
    if version not in _reports:
        _reports.clear()  # only the latest matters
        _reports[version] = _calibrate(canonical)
    report = copy.deepcopy(_reports[version])
    for row in report["who_can_win"]:
        if row["witness"] is not None:
            row["witness"] = {str(item_ids[int(index)]): value for index, value in row["witness"].items()}
    return report


def _calibrate(content):
    random_report = random_answers(content)
    report = {
        "problems": problems(content, random_report),
        "who_can_win": who_can_win(content),
        "random": random_report,
        "stability": stability(content),
    }
    for row in report["who_can_win"]:
        if row["witness"] is None:
            report["problems"].append(f"No set of answers puts {row['name']} first.")
    return report
