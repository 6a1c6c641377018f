"""Command line: `flexlint PATH...` (same as `flexlint check PATH...`), `rules`, `rule ID`, `models`."""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

import click

from . import __version__
from .report import EXIT_ERROR, FORMATS, exit_code

SUBCOMMANDS_HELP = "Run `flexlint COMMAND --help` for a command's options."


def _split(values: tuple[str, ...]) -> list[str]:
    """`--select A,B --select C` → [A, B, C]."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


class DefaultToCheck(click.Group):
    """A group whose first argument, when it is not a command, is a path for `check` (like `flexlint x.json`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]}, epilog=SUBCOMMANDS_HELP)
@click.version_option(__version__, "--version", prog_name="flexlint")
def main() -> None:
    """Find why `service_tier: "flex"` never reaches OpenAI.

    flexlint reads request bodies, AI SDK call options and app configuration
    (JSON, JSONC, YAML), works out the request each will send, and reports
    misspelt, misplaced, overridden and unsupported parameters with the fix.

    \b
    Examples:
      flexlint body.json                 lint files or directories
      flexlint --format json configs/    machine-readable output
      cat body.json | flexlint --stdin-filename body.json -
      flexlint rules                     list the rules
      flexlint rule wrong-key-casing     explain one rule
      flexlint models gpt-5.3-codex      which tiers a model offers, and why

    Exit codes: 0 no error-level findings, 1 findings, 2 unreadable input or
    usage error.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (codes, slugs or code prefixes; comma-separated).")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules to switch off.")
@click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True),
              help="Load extra rule packs (*.yaml) from DIR.")
@click.option("--stdin-filename", metavar="NAME", help="Name of the content read from `-` (decides how it is read).")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (not for unreadable input).")
@click.option("--max-file-size", type=click.IntRange(min=1), default=64, show_default=True, metavar="MB",
              help="Skip-and-report files larger than this many megabytes.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: one per core).")
def check(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], extend_select: tuple[str, ...],
          ignore: tuple[str, ...], rules_dirs: tuple[str, ...], stdin_filename: str | None, strict: bool,
          exit_zero: bool, max_file_size: int, jobs: int) -> None:
    """Lint PATHS (files or directories; `-` for stdin). Default: the current directory."""
    from .api import Options, build_selection, lint_paths, lint_source
    from .ruleset import RulePackError

    options = Options(
        select=_split(select),
        ignore=_split(ignore),
        extend_select=_split(extend_select),
        rules_dirs=list(rules_dirs),
        max_file_size=max_file_size * 1024 * 1024,
        jobs=jobs,
    )
    try:
        selection = build_selection(options)
    except (ValueError, RulePackError) as exc:
        raise click.UsageError(str(exc)) from None
    targets = list(paths) or ["."]
    if "-" in targets:
        if len(targets) > 1:
            raise click.UsageError("`-` (stdin) cannot be combined with other paths")
        data = sys.stdin.buffer.read()
        result = lint_source(data, stdin_filename or "stdin.json", options, selection)
    else:
        result = lint_paths(targets, options, selection)
    sys.stdout.write(FORMATS[fmt](result.diagnostics))
    sys.stdout.flush()
    code = exit_code(result.diagnostics, result.unreadable, strict)
    if exit_zero and code != EXIT_ERROR:
        code = 0
    sys.exit(code)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(fmt: str) -> None:
    """List every rule: code, name, default severity and summary."""
    from .ruleset import load_ruleset

    rules = load_ruleset().rules
    if fmt == "json":
        click.echo(json.dumps([_rule_json(r) for r in rules], indent=2))
        return
    width = max(len(r.slug) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.slug:<{width}}  {r.severity:<7}  {r.summary}")


@main.command("rule")
@click.argument("ident", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rule_cmd(ident: str, fmt: str) -> None:
    """Explain one rule (by code or name): why it matters, the fix, and its examples."""
    from .ruleset import load_ruleset

    rule = load_ruleset().get(ident)
    if rule is None:
        raise click.UsageError(f"no rule {ident!r}; `flexlint rules` lists them")
    if fmt == "json":
        click.echo(json.dumps(_rule_json(rule), indent=2))
        return
    click.echo(render_rule(rule))


@main.command("models")
@click.argument("model_id", required=False, metavar="[MODEL_ID]")
@click.option("--tier", type=click.Choice(["flex", "priority"]), help="Only the entries that offer this tier.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def models_cmd(model_id: str | None, tier: str | None, fmt: str) -> None:
    """Print the model catalog (flex / priority support and its sources), or explain MODEL_ID's match.

    \b
    Examples:
      flexlint models                      the whole catalog
      flexlint models --tier flex          models that offer flex
      flexlint models openai/gpt-5.3-codex which entry matches, and why
    """
    from . import catalog_view

    if model_id is not None and tier is not None:
        raise click.UsageError("--tier lists the catalog; it cannot be combined with MODEL_ID")
    if model_id is not None:
        if fmt == "json":
            click.echo(json.dumps(catalog_view.explain_json(model_id), indent=2, ensure_ascii=False))
        else:
            click.echo(catalog_view.explain_text(model_id), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(catalog_view.table_json(tier), indent=2, ensure_ascii=False))  # type: ignore[arg-type]
    else:
        click.echo(catalog_view.table_text(tier), nl=False)  # type: ignore[arg-type]


def _rule_json(rule: Any) -> dict[str, Any]:
    return {
        "code": rule.code,
        "rule": rule.slug,
        "severity": rule.severity,
        "summary": rule.summary,
        "explanation": rule.explanation,
        "fix": rule.fix,
        "examples": {
            "invalid": [{"file": e.file, "content": e.content, "name": e.name} for e in rule.invalid],
            "valid": [{"file": e.file, "content": e.content, "name": e.name} for e in rule.valid],
        },
    }


def render_rule(rule: Any) -> str:
    """The rule page: the examples are run, so what it shows is what flexlint says."""
    from .api import Options, build_selection, lint_source

    selection = build_selection(Options(select=[rule.code]))
    out = [f"{rule.code} {rule.slug} ({rule.severity})", "", rule.summary, "", "Why", ""]
    out += [textwrap.indent(rule.explanation, "  "), "", "Fix", "", textwrap.indent(rule.fix, "  ")]
    for label, examples in (("Flagged", rule.invalid), ("Not flagged", rule.valid)):
        for ex in examples:
            title = f"{label}: {ex.name}" if ex.name else label
            out += ["", f"{title} ({ex.file})", "", textwrap.indent(ex.content.rstrip("\n"), "    ")]
            if label == "Flagged":
                result = lint_source(ex.content.encode(), ex.file, selection=selection)
                lines = FORMATS["text"](result.diagnostics).rstrip("\n")
                if lines:
                    out += ["", textwrap.indent(lines, "  → ")]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    main()
