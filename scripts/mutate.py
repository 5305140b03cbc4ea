"""`make mutate`: mutation testing (mutmut, pinned in requirements-dev.txt) of the modules where a bug costs most.

Each module runs on its own, against only the tests listed for it here, so a run stays short;
within those, mutmut runs for each mutant only the tests that call the function it sits in.
The run ends with the kill rate per module and the diff of every surviving mutant.

    make mutate                                    # every module below that exists
    make mutate MUTATE_MODULES=careerhub/cache.py  # one module
    .venv/bin/python scripts/mutate.py --report    # the last results again, without running
    .venv/bin/python scripts/mutate.py careerhub/cache.py --again 'careerhub.cache.x_watch*'  # after a new test

mutmut itself reads [tool.mutmut] in pyproject.toml; this script only narrows it per module, and
hands pytest this file as a plugin (-p mutate) for the one fixture mutation runs need.
"""

import argparse
import difflib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "artifacts" / "mutate"
SAVED = LOGS / "mutants"
# Certification lifecycle: the functions that turn dates into a status and decide what may be
# recommended. The rest of certifications/models.py (coverage, structured data) is not mutated.
LIFECYCLE = [
    "x_today_or",
    "x_status_expression",
    "xǁCertificationQuerySetǁwith_status",
    "xǁCertificationQuerySetǁnot_retired",
    "xǁCertificationQuerySetǁrecommendable",
    "xǁCertificationQuerySetǁfirst_pick_eligible",
    "xǁCertificationQuerySetǁcatalogue_order",
    "xǁCertificationǁstatus_on",
    "xǁCertificationǁget_status_display",
    "xǁCertificationǁdays_to_retirement",
    "xǁCertificationǁretires_soon",
    "xǁCertificationǁcan_be_first_pick",
]
# The test that kills a worker subprocess (a mutant in another process is not seen).
_KILLED_WORKER = "tests/newsletter/test_sending.py::test_a_killed_worker_process_is_resumed_and_nobody_gets_two"


def _admin_tests(*names):
    return [f"tests/newsletter/test_admin.py::{name}" for name in names]


# path -> (tests that cover it, mutant names to run; None means every function in the file).
# Entries starting with "-" (such as --deselect=...) are handed to pytest as they are.
MODULES = {
    # Every page test calls the cache; its own tests check each part of it, and a mutant then costs
    # seconds instead of a minute of sample content loads.
    "careerhub/cache.py": (["tests/careerhub/test_page_cache.py"], None),
    "careerhub/core/public_forms.py": (["tests/careerhub/test_public_forms.py"], None),
    "careerhub/core/clientip.py": (["tests/careerhub/test_clientip.py"], None),
    "careerhub/core/markdown.py": (
        ["tests/roles/test_markdown.py", "tests/careerhub/test_markdown_sanitising.py"],
        None,
    ),
    "certifications/models.py": (
        ["tests/certifications/test_models.py", "tests/certifications/test_lifecycle.py"],
        [f"certifications.models.{name}__mutmut_*" for name in LIFECYCLE],
    ),
    # The newsletter, one file at a time, each against the test files that call it. Left out
    # everywhere: the admin pages (slow, and they reach the services through the views, which the
    # page tests cover) but for the few that are the only callers of a function, and the `kill -9`
    # of a worker subprocess (a mutant in another process is not seen, and it takes seconds).
    "newsletter/services/subscriptions.py": (
        [
            "tests/newsletter/test_subscribe.py",
            "tests/newsletter/test_signup_work.py",
            "tests/newsletter/test_welcome.py",
            "tests/newsletter/test_emails.py",
            "tests/newsletter/test_links.py",
            "tests/newsletter/test_bounces.py",
            "tests/newsletter/test_preferences.py",
            "tests/newsletter/test_addresses.py",
            *_admin_tests("test_unsubscribe_action", "test_csv_import_can_email_confirmation_links"),
        ],
        None,
    ),
    "newsletter/services/sending.py": (
        [
            "tests/newsletter/test_sending.py",
            f"--deselect={_KILLED_WORKER}",
            "tests/newsletter/test_worker.py",
            "tests/newsletter/test_clicks.py",
            "tests/newsletter/test_bounces.py",
            "tests/newsletter/test_preferences.py",
            "tests/newsletter/test_emails.py",
            "tests/newsletter/test_commands.py::test_send_issue_in_the_foreground",
            "tests/newsletter/test_pages.py::test_a_cached_archive_shows_an_issue_as_soon_as_it_is_sent",
            *_admin_tests(
                "test_send_test_mails_only_the_logged_in_editor",
                "test_send_action_asks_for_confirmation_then_sends",
                "test_scheduling_needs_a_backend_that_can_wait",
                "test_moving_a_scheduled_issue_earlier_in_the_admin_queues_its_new_time",
            ),
        ],
        None,
    ),
    "newsletter/services/errors.py": (
        [
            "tests/newsletter/test_bounces.py",
            "tests/newsletter/test_sending.py",
            f"--deselect={_KILLED_WORKER}",
            "tests/newsletter/test_signup_work.py",
            "tests/newsletter/test_welcome.py",
            *_admin_tests("test_issue_page_summarises_failures_without_addresses"),
        ],
        None,
    ),
    "newsletter/services/subscriber_csv.py": (
        [
            "tests/newsletter/test_addresses.py",
            "tests/newsletter/test_commands.py",
            *_admin_tests(
                "test_csv_export_action",
                "test_csv_import_adds_only_new_addresses_as_pending_and_reports",
                "test_csv_import_can_email_confirmation_links",
                "test_csv_import_of_a_binary_file_is_refused_clearly",
            ),
        ],
        None,
    ),
    "newsletter/services/bounces.py": (["tests/newsletter/test_bounces.py"], None),
    "newsletter/services/preferences.py": (["tests/newsletter/test_preferences.py"], None),
    "newsletter/services/clicks.py": (["tests/newsletter/test_clicks.py"], None),
    "newsletter/views.py": (
        [
            "tests/newsletter/test_pages.py",
            "tests/newsletter/test_subscribe.py",
            "tests/newsletter/test_signup_work.py",
            "tests/newsletter/test_links.py",
            "tests/newsletter/test_preferences.py",
            "tests/newsletter/test_clicks.py",
            "tests/newsletter/test_bounces.py",
            "tests/newsletter/test_emails.py",
            "tests/newsletter/test_addresses.py",
        ],
        None,
    ),
    # Pure functions: the scoring and calibration unit tests and the result pages that show them.
    # The admin and migration tests only publish snapshots through the same code, more slowly.
    "roles/fit/scoring.py": (
        [
            "tests/fit/test_scoring.py",
            "tests/fit/test_calibration.py",
            "tests/fit/test_views.py",
        ],
        None,
    ),
}


def module_name(path):
    return path.removesuffix(".py").replace("/", ".")


def run_one(path, max_children, again=None):
    """Runs mutmut on one module, in this process (mutmut's config narrowed to it).

    ``again``: re-test only these mutants of the last run (after writing a test for them).
    """
    import mutmut.configuration
    from mutmut.__main__ import cli

    tests, names = MODULES[path]
    # mutmut skips a file whose copy in mutants/ is newer than the source (it takes it for already
    # mutated), and runs that copied it while mutating another module make exactly that: start afresh.
    # With ``again``, the kept copy of the last run comes back instead (newer than the source, so
    # mutmut reuses it and its results).
    for old in [*(ROOT / "mutants").glob(f"{path}*"), *(ROOT / "mutants").glob(f"{path}/**/*.py*")]:
        if old.is_file():
            old.unlink()
    for kept in [*SAVED.glob(f"{path}*"), *SAVED.glob(f"{path}/**/*.py*")] if again else []:
        if kept.is_file():
            (ROOT / "mutants" / kept.relative_to(SAVED)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(kept, ROOT / "mutants" / kept.relative_to(SAVED))
    config = mutmut.configuration._load_config()  # private in 3.8.1, hence the pin
    config.only_mutate = [path if path.endswith(".py") else f"{path}*"]
    config.pytest_add_cli_args = [*config.pytest_add_cli_args, "-p", "mutate"]
    config.pytest_add_cli_args_test_selection = [
        test for test in tests if test.startswith("-") or (ROOT / test.split("::")[0]).exists()
    ]
    mutmut.configuration._config = config
    names = again or names or [f"{module_name(path)}*"]
    try:
        cli(["run", "--max-children", str(max_children), *names], standalone_mode=True)
    finally:
        # The next module's run copies this file back unmutated: keep the mutants for the report.
        for mutated in [*(ROOT / "mutants").glob(f"{path}*"), *(ROOT / "mutants").glob(f"{path}/**/*.py*")]:
            if mutated.is_file():
                kept = SAVED / mutated.relative_to(ROOT / "mutants")
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(mutated, kept)


# pytest plugin part (loaded in mutmut's test runs only, through -p mutate).
_mutation_slot = None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Under `make mutate`, each mutant's test run gets a database of its own.

    mutmut runs mutants in parallel forked processes; on one shared database their sample content
    would wait on each other's unique rows (and look like timeouts). Each process takes the first
    free slot (a lock held until it exits), so with --reuse-db a slot's database is made only once.
    """
    global _mutation_slot
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    from django.conf import settings

    base = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "careerhub"
    for slot in range(16):
        handle = open(os.path.join(tempfile.gettempdir(), f"careerhub-mutation-slot-{slot}.lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _mutation_slot = handle
        for db in settings.DATABASES.values():
            db.setdefault("TEST", {})["NAME"] = f"test_{base}_mutant{slot}"
        return
    raise RuntimeError("no free mutation database slot")


def diff(name):
    """A surviving mutant's change, from the copy of its file kept after the run."""
    module, function = name.rsplit(".", 1)
    base = SAVED / module.replace(".", "/")
    source = next((f for f in (base.with_suffix(".py"), base / "__init__.py") if f.exists()), None)
    if source is None:
        return "(mutated file not kept)"
    lines = source.read_text().splitlines()
    spans = json.loads(source.with_name(source.name + ".spans").read_text())["spans"]
    original = function.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"

    def body(key):
        start, end = spans[key]
        return [line.replace(key, "") for line in lines[start - 1 : end]]

    return "\n".join(difflib.unified_diff(body(original), body(function), lineterm="", n=1))


def outcomes(path):
    """{mutant name: exit code} of the last run of ``path``."""
    from mutmut.stats import status_by_exit_code

    _, names = MODULES[path]
    wanted = names or [f"{module_name(path)}*"]

    codes = {}
    metas = [*(ROOT / "mutants").glob(f"{path}*.meta"), *(ROOT / "mutants").glob(f"{path}/**/*.meta")]
    for meta in metas:
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if any(fnmatch(name, pattern) for pattern in wanted):
                codes[name] = status_by_exit_code[code]
    return codes


def report(paths):
    lines, survivors = [], []
    for path in paths:
        codes = outcomes(path)
        if not codes:
            continue
        checked = {name: status for name, status in codes.items() if status != "not checked"}
        killed = sum(status in ("killed", "timeout", "caught by type check") for status in checked.values())
        left = sorted(name for name, status in checked.items() if status not in ("killed", "timeout"))
        survivors += [(name, checked[name]) for name in left]
        rate = 100 * killed / len(checked) if checked else 0
        lines.append(f"{path:28} {len(codes):5} mutants {len(checked):5} checked {killed:5} killed {rate:5.1f}%")
    for name, status in survivors:
        print(f"\n--- {status}: {name}\n{diff(name)}")
    print("\nKill rate per module (killed includes timeouts)")
    print("\n".join(lines) or "no results yet: run `make mutate`")
    return not survivors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="paths from MODULES (default: every one that exists)")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report", action="store_true", help="print the last results without running")
    parser.add_argument("--again", nargs="+", metavar="MUTANT", help="re-test these mutants of one module's last run")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        return run_one(args.run_one, args.max_children, args.again)
    paths = args.modules or [path for path in MODULES if any(ROOT.glob(f"{path}*"))]
    unknown = [path for path in paths if path not in MODULES]
    if unknown:
        parser.error(f"not in MODULES: {', '.join(unknown)}")
    if not args.report:
        for path in paths:
            start = time.monotonic()
            print(f"=== {path}", flush=True)
            command = [sys.executable, __file__, "--run-one", path, "--max-children", str(args.max_children)]
            command += ["--again", *args.again] if args.again else []
            log = LOGS / f"{module_name(path)}.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("w") as output:
                subprocess.run(command, cwd=ROOT, check=False, stdout=output, stderr=subprocess.STDOUT)
            print(f"    {time.monotonic() - start:.0f} s (mutmut's output: {log.relative_to(ROOT)})", flush=True)
    report(paths)


if __name__ == "__main__":
    main()
