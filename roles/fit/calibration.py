"""Calibration of a compiled questionnaire: who can come first, and what random answers do.

Computed by a task after editors save the questionnaire (services.publish_snapshot queues
tasks.calibrate_snapshot) and stored on the Snapshot; the admin's Calibration page shows it.

Can every role come first? (exact)
    For each role r we solve a small mixed-integer linear programme (HiGHS, through
    scipy's milp) whose variables are the answers themselves (integers 1-5), so the
    search covers every possible answer sheet, not a sample:

        maximise  m
        subject to  m <= fit_r(answers) - fit_s(answers)   for every other role s.

    A profile value is linear in the answers, and a fit is 100 minus a weighted sum of gaps
    |value - target|. For r the gap is an upper bound u >= ±(value - target); for each rival
    the gap is a lower bound u <= |value - target|, written with one binary variable per
    (rival, dimension) that picks the side of the target the value lies on. So every feasible
    point's m is at most the true lead of r, and the optimum is the largest lead r can have
    over its strongest rival. If that optimum is above zero, r can come first and the solver's
    answers are a witness, checked again with the plain scorer; if it is zero or below, the
    solver has proved that no answer sheet puts r first. The programme is tiny (one integer
    per item, two variables per role and dimension), so it solves in milliseconds.

Random answers
    RANDOM_SHEETS answer sheets drawn uniformly (fixed seed, so the report is repeatable):
    how often each role comes first, how often the top two are close, and the average gap
    between first and fifth. Random answers average out near the middle of the scale, so a
    role whose targets sit at the ends of the dimensions that matter to it wins rarely; the
    report says so for any role below RARE_WIN_SHARE.
"""

import copy

from . import scoring

RANDOM_SHEETS = 10_000
RANDOM_SEED = 2026
RARE_WIN_SHARE = 0.05
MIN_ITEMS, MAX_ITEMS = 12, 20
MIDDLE = (scoring.SCALE_MIN + scoring.SCALE_MAX) / 2


def _linear_profile(content):
    """Per measured dimension: (whole-number coefficients per item, constant, divisor), so that
    value = (coefficients · answers + constant) / divisor. Whole numbers keep the programme exact."""
    items = content["items"]
    rows = {}
    for dim in content["dimensions"]:
        slug = dim["slug"]
        loads = [(index, weight) for index, item in enumerate(items) for s, weight in item["loadings"] if s == slug]
        divisor = sum(abs(weight) for _, weight in loads)
        if not divisor:
            continue
        coef = [0] * len(items)
        constant = 0
        for index, weight in loads:
            coef[index] += weight  # a reversed item counts 6 - answer: -|weight| * answer + 6 |weight|
            if weight < 0:
                constant += abs(weight) * (scoring.SCALE_MIN + scoring.SCALE_MAX)
        rows[slug] = (coef, constant, divisor)
    return rows


def best_lead(content, role_index):
    """The largest lead role ``role_index`` can have over every other role, and the answers that give it.

    Returns (lead in points, {item id: answer}) from the exact programme described above.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    items, roles = content["items"], content["roles"]
    profile = _linear_profile(content)
    dims = list(profile)
    n = len(items)
    # Variable layout: answers | u[role][dim] | z[role][dim] (rivals only) | m
    columns = n
    u_index, z_index = {}, {}
    for s, role in enumerate(roles):
        for slug in dims:
            if role["importance"].get(slug, 0):
                u_index[s, slug] = columns
                columns += 1
    for s in range(len(roles)):
        if s != role_index:
            for slug in dims:
                if (s, slug) in u_index:
                    z_index[s, slug] = columns
                    columns += 1
    m = columns
    columns += 1

    rows, lower, upper = [], [], []

    def add(coefficients, lo, hi):
        row = np.zeros(columns)
        for col, value in coefficients:
            row[col] += value
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    big = 2 * scoring.LARGEST_GAP
    # Each gap row is multiplied by the dimension's divisor k, so every coefficient is a whole number.
    for (s, slug), u in u_index.items():
        coef, constant, k = profile[slug]
        target = roles[s]["targets"][slug] * k
        value = [(i, c) for i, c in enumerate(coef) if c]
        if s == role_index:  # u >= value - target and u >= target - value
            add([(u, k), *[(i, -c) for i, c in value]], constant - target, np.inf)
            add([(u, k), *[(i, c) for i, c in value]], target - constant, np.inf)
        else:  # u <= value - target + big(1 - z) and u <= target - value + big z
            z = z_index[s, slug]
            add([(u, k), *[(i, -c) for i, c in value], (z, big * k)], -np.inf, constant - target + big * k)
            add([(u, k), *[(i, c) for i, c in value], (z, -big * k)], -np.inf, target - constant)

    def fit_terms(s):
        """A role's fit as constant - sum(coefficient * u): 100 - weighted gap, or 0 when nothing counts."""
        total = sum(roles[s]["importance"][slug] for slug in dims if (s, slug) in u_index)
        if not total:
            return 0.0, []
        scale = 100 / (scoring.LARGEST_GAP * total)
        return 100.0, [
            (u_index[s, slug], scale * roles[s]["importance"][slug]) for slug in dims if (s, slug) in u_index
        ]

    own_constant, own = fit_terms(role_index)
    for s in range(len(roles)):
        if s != role_index:  # m <= fit_r - fit_s
            constant, rival = fit_terms(s)
            add([(m, 1.0), *own, *[(col, -c) for col, c in rival]], -np.inf, own_constant - constant)

    objective = np.zeros(columns)
    objective[m] = -1.0
    integrality = np.zeros(columns)
    integrality[:n] = 1
    for z in z_index.values():
        integrality[z] = 1
    lo = np.zeros(columns)
    hi = np.full(columns, float(scoring.LARGEST_GAP))
    lo[:n], hi[:n] = scoring.SCALE_MIN, scoring.SCALE_MAX
    for z in z_index.values():
        hi[z] = 1
    lo[m], hi[m] = -100, 100
    constraints = [LinearConstraint(np.array(rows), lower, upper)] if rows else []
    # mip_rel_gap=0: search until the optimum is proved, not merely within the default 0.01%.
    # presolve off: on some of these tiny programmes HiGHS's presolve cut off the true optimum
    # (tests/fit/test_calibration.py checks the answers against brute force); without it they
    # still solve in well under a second.
    solution = milp(
        objective,
        integrality=integrality,
        bounds=Bounds(lo, hi),
        constraints=constraints,
        options={"mip_rel_gap": 0, "presolve": False},
    )
    if not solution.success:
        raise RuntimeError(f"The calibration programme did not solve: {solution.message}")
    answers = {item["id"]: int(round(solution.x[i])) for i, item in enumerate(items)}
    # The solver works in floating point; the lead reported is recomputed exactly from its answers.
    # (Leads are fractions with small denominators, so a real lead is far above the solver's 1e-6.)
    values = scoring.profile_values(content, answers)
    fits = [scoring.role_fit(role, values) for role in roles]
    rivals = [fit for index, fit in enumerate(fits) if index != role_index]
    return (fits[role_index] - max(rivals) if rivals else 100.0), answers


def who_can_win(content):
    """Per role: its best possible lead and a witness answer sheet (None when it cannot come first)."""
    report = []
    for index, role in enumerate(content["roles"]):
        if not any(role["importance"].values()) or not content["items"]:
            report.append({"slug": role["slug"], "name": role["name"], "lead": None, "witness": None})
            continue
        lead, answers = best_lead(content, index)
        ranking = scoring.rank_roles(content, scoring.profile_values(content, answers))
        wins = lead > 0 and ranking[0]["role_id"] == role["id"]
        report.append(
            {
                "slug": role["slug"],
                "name": role["name"],
                "lead": round(lead, 1),
                "witness": {str(item_id): value for item_id, value in answers.items()} if wins else None,
            }
        )
    return report


def random_answers(content, sheets=RANDOM_SHEETS, seed=RANDOM_SEED):
    """Win shares, close share and first-to-fifth spread over random answer sheets."""
    import numpy as np

    roles = content["roles"]
    profile = _linear_profile(content)
    if not roles or not profile:
        return {"sheets": 0, "wins": [], "close_share": 0.0, "mean_spread": 0.0}
    rng = np.random.default_rng(seed)
    answers = rng.integers(scoring.SCALE_MIN, scoring.SCALE_MAX + 1, size=(sheets, len(content["items"])))
    dims = list(profile)
    values = np.column_stack(
        [(answers @ np.array(coef) + constant) / divisor for coef, constant, divisor in profile.values()]
    )
    fits = []
    for role in roles:
        weights = np.array([role["importance"].get(slug, 0) for slug in dims], dtype=float)
        targets = np.array([role["targets"].get(slug, 0) for slug in dims], dtype=float)
        total = weights.sum()
        gap = np.abs(values - targets) @ weights / (scoring.LARGEST_GAP * total) if total else np.ones(sheets)
        fits.append(100 * (1 - gap))
    fits = np.column_stack(fits)
    winners = fits.argmax(axis=1)  # ties go to the earlier role, as in scoring.rank_roles
    ordered = np.sort(fits, axis=1)[:, ::-1]
    close = (ordered[:, 0] - ordered[:, 1]) < scoring.CLOSE_POINTS if len(roles) > 1 else np.zeros(sheets, bool)
    shares = [float((winners == index).mean()) for index in range(len(roles))]
    leader = max(range(len(roles)), key=lambda index: shares[index])
    rows = []
    for index, role in enumerate(roles):
        row = {"slug": role["slug"], "name": role["name"], "share": round(shares[index], 4), "why_rare": ""}
        if shares[index] < RARE_WIN_SHARE:
            row["why_rare"] = (
                f"{role['name']}’s targets sit {_distance_from_middle(role):.1f} points from the middle of the "
                f"scale on average (weighted by importance), against {_distance_from_middle(roles[leader]):.1f} "
                f"for {roles[leader]['name']}. Random answers average out near 3, so they rarely land close to "
                "a profile with clear ends; a visitor who answers with intent still reaches it."
            )
        rows.append(row)
    return {
        "sheets": sheets,
        "seed": seed,
        "wins": rows,
        "close_share": round(float(close.mean()), 4),
        "mean_spread": round(float((ordered[:, 0] - ordered[:, -1]).mean()), 1),
    }


def _distance_from_middle(role):
    total = sum(role["importance"].values())
    if not total:
        return 0.0
    return sum(w * abs(role["targets"][slug] - MIDDLE) for slug, w in role["importance"].items()) / total


def problems(content):
    """What keeps the questionnaire from working as designed, in plain words."""
    found = []
    count = len(content["items"])
    if not MIN_ITEMS <= count <= MAX_ITEMS:
        found.append(f"{count} statements are published; the questionnaire is designed for {MIN_ITEMS} to {MAX_ITEMS}.")
    for item in content["items"]:
        if not 1 <= len(item["loadings"]) <= 2:
            found.append(f"“{item['text']}” loads on {len(item['loadings'])} dimensions; give it one or two.")
    loaded = {slug for item in content["items"] for slug, _ in item["loadings"]}
    for dim in content["dimensions"]:
        if dim["slug"] not in loaded:
            found.append(f"No published statement measures {dim['name']}, so it counts for nothing.")
    for role in content["roles"]:
        missing = [dim["name"] for dim in content["dimensions"] if dim["slug"] not in role["targets"]]
        if missing:
            found.append(f"{role['name']} has no target for {', '.join(missing)}.")
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
    report = {"problems": problems(content), "who_can_win": who_can_win(content), "random": random_answers(content)}
    for row in report["who_can_win"]:
        if row["witness"] is None:
            report["problems"].append(f"No set of answers puts {row['name']} first.")
    return report
