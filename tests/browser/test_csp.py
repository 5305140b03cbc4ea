"""The strict CSP (script-src 'self', no nonce) holds on every page type: JSON-LD is a data block,
which browsers never run, so it needs no nonce and raises no violation."""

import json

import pytest

from tests.factories import CURATED_TRIO_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded before any page script runs, so nothing that happens during loading is missed.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample});
});
"""


def test_pages_with_json_ld_raise_no_csp_violation(live_server, page, sample_content):
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    checked = 0
    for path in ["/roles/ai-engineer/", "/certifications/ai-103/", CURATED_TRIO_PATH, "/", "/fit/", "/newsletter/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "nonce" not in policy
        blocks = page.locator('script[type="application/ld+json"]')
        for n in range(blocks.count()):
            json.loads(blocks.nth(n).inner_text())  # a valid data block, left in the page
            checked += 1
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path
    assert checked >= 2  # the role and the certification carry JSON-LD
    assert not [text for text in console if "Content Security Policy" in text]


def test_an_inline_script_would_be_blocked(live_server, page, sample_content):
    """The check above can fail: a real inline script on the same page is reported and not run."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(live_server.url + "/roles/ai-engineer/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.__ran = true";
        document.body.appendChild(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === true") is False
    assert [v["directive"] for v in page.evaluate("window.__cspViolations")] == ["script-src-elem"]
