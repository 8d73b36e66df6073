"""catalogue knows no showroom, page, search index or project.

Imports are checked by ``lint-imports`` (contracts in pyproject.toml, run by
.ci/run); a model looked up by name (``get_model("partner", ...)``) slips past
it, so this test reads catalogue's source for such lookups.
"""

import re
from pathlib import Path

import catalogue

FORBIDDEN_LABELS = ("partner", "shops", "cms", "search", "storefront")
LOOKUP = re.compile(
    r"""get_(?:model|class|classes)\(\s*["'](?P<label>[\w.]+)["']"""
    r"""|apps\.get_model\(\s*["'](?P<dotted>[\w]+)[."']"""
)


def test_catalogue_looks_up_no_model_or_class_of_another_app_by_name():
    root = Path(catalogue.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # historical models name their relations by label
        for match in LOOKUP.finditer(path.read_text(encoding="utf-8")):
            label = (match["label"] or match["dotted"]).split(".")[0]
            if label in FORBIDDEN_LABELS:
                found.append(f"{path.relative_to(root.parent)}: {match[0]}")
    assert not found, "catalogue looks up another app by name:\n" + "\n".join(found)
