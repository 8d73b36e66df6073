"""axe-core in the browser tests: WCAG 2.0/2.1 A and AA rules on a loaded page.

axe-core comes from the npm package pinned in ``tests/browser/axe/package.json``
(``.ci/run`` installs it; a first run installs it here with ``npm ci``). It is
injected through Playwright, outside the page's Content-Security-Policy (the
context is opened with ``bypass_csp``), so the site's own policy stays strict.
"""

import json
import subprocess
from pathlib import Path

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def axe_source() -> str:
    if not AXE_JS.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True)
    return AXE_JS.read_text()


def run_axe(page, source: str) -> list[dict]:
    """The page's violations: [{id, impact, help, targets}]."""
    page.add_script_tag(content=source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [" ".join(map(str, node["target"])) for node in v["nodes"]][:5],
         "summary": (v["nodes"][0].get("failureSummary") or "")[:300]}
        for v in result["violations"]
    ]


def report(findings: dict[str, list[dict]]) -> str:
    return json.dumps(findings, ensure_ascii=False, indent=1)
