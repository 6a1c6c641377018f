"""The rule pages (`docs/rules/`) exist, are current, and are what every documentation link opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT


def test_rule_pages_are_current():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_rule_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_shipped_rule_links_to_its_page_and_a_pack_rule_to_its_pack(tmp_path):
    from flexlint.config.rulesets import load_ruleset

    pack = ROOT / "examples" / "rule-packs"
    for rule in load_ruleset([pack]).rules:
        assert rule.url and rule.url.startswith("file://"), rule.slug
        page = Path(unquote(urlsplit(rule.url).path))
        assert page.is_file(), rule.url
        if rule.pack.startswith("builtin:"):
            assert page == ROOT / "docs" / "rules" / f"{rule.slug}.md"
            assert page.read_text(encoding="utf-8").startswith(f"# {rule.code} {rule.slug}\n")
        else:
            assert page.parent == pack and rule.slug in page.read_text(encoding="utf-8")


def test_the_index_lists_every_page():
    index = (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    for page in (ROOT / "docs" / "rules").glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index
