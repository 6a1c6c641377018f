"""Write docs/rules/<slug>.md for every shipped rule, and the index (run after changing rules/*.yaml).

    python scripts/generate_rule_docs.py          # rewrite the pages
    python scripts/generate_rule_docs.py --check  # exit 1 when a page is stale (what the test does)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flexlint.config.rulesets import load_ruleset  # noqa: E402
from flexlint.faces.rule_pages import pages  # noqa: E402

OUT = ROOT / "docs" / "rules"


def main(check: bool) -> int:
    wanted = pages(load_ruleset())
    present = {p.name for p in OUT.glob("*.md")} if OUT.is_dir() else set()
    stale = sorted(name for name, text in wanted.items()
                   if not (OUT / name).is_file() or (OUT / name).read_text(encoding="utf-8") != text)
    extra = sorted(present - set(wanted))
    if check:
        for name in stale + extra:
            print(f"docs/rules/{name} is stale; run: python scripts/generate_rule_docs.py", file=sys.stderr)
        return 1 if stale or extra else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (OUT / name).write_text(wanted[name], encoding="utf-8", newline="\n")
    for name in extra:
        (OUT / name).unlink()
    print(f"{len(stale)} page(s) written, {len(extra)} removed, {len(wanted)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
