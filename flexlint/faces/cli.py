"""Command line: `flexlint PATH...` (same as `flexlint check PATH...`), `rules`, `rule ID`, `models`."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import click

from .. import __version__
from ..core.limits import DEFAULT as DEFAULT_LIMITS, MB, Limits
from ..report import EXIT_ERROR, FORMATS, HUMAN_FORMATS, exit_code

SUBCOMMANDS_HELP = "Run `flexlint COMMAND --help` for a command's options."


class JobsType(click.ParamType):
    """`--jobs`: a count, or `auto` (the run layer's AUTO)."""

    name = "jobs"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        from ..run.paths import AUTO

        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            return AUTO
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a number nor auto", param, ctx)
        if number < 0:
            self.fail("must be 0 or more (0: one per core), or auto", param, ctx)
        return number


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

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help names what flexlint reads from the registry of dialects (one place knows them)."""
        from ..dialects import describe

        help_text = self.help or ""
        self.help = help_text.replace("READERS", "; ".join(describe()))
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = help_text


class ConfigFailure(click.ClickException):
    """A configuration or baseline file that cannot be used: exit 2, like a usage error."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"flexlint: error: {self.format_message()}", err=True)


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]}, epilog=SUBCOMMANDS_HELP)
@click.version_option(__version__, "--version", prog_name="flexlint")
def main() -> None:
    """Find why `service_tier: "flex"` never reaches OpenAI.

    flexlint reads READERS; request bodies also as recorded in HTTP Archives
    (.har). It works out the request each will send, and reports misspelt,
    misplaced, overridden and unsupported parameters and models, with the fix.

    \b
    Examples:
      flexlint body.json                 lint files or directories
      flexlint --output-format json .    machine-readable output
      flexlint --fix .                   apply the safe fixes, report the rest
      flexlint --diff .                  show the fixes as a diff, write nothing
      flexlint --output-format sarif --output-file flexlint.sarif .
                                         SARIF for code scanning, text on stdout
      cat body.json | flexlint --stdin-filename body.json
      flexlint rules                     list the rules
      flexlint rule wrong-key-casing     explain one rule
      flexlint --watch .                 lint again on every change
      flexlint models gpt-5.3-codex      which tiers a model offers, and why
      flexlint explain client.py         where each request goes and what it sends
      flexlint probe client.py           ask the API which tier serves each request
      flexlint lsp                       language server for editors (stdio)
      flexlint clean                     remove the results cache (.flexlint_cache/)

    Settings are read from the nearest .flexlint.toml, flexlint.toml or
    pyproject.toml [tool.flexlint] above each file.

    Exit codes: 0 no error-level findings, 1 findings (also a fix applied
    with --exit-non-zero-on-fix, something to fix with --diff), 2 unreadable
    input, a broken configuration or a usage error.
    """


def _use_color(flag: bool | None, stream: Any) -> bool:
    """--color/--no-color win; otherwise colour only on a terminal, and not with NO_COLOR (any value),
    TERM=dumb, or inside Emacs (its compilation buffer is a pseudo-terminal that shows escape codes raw)."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb" or os.environ.get("INSIDE_EMACS"):
        return False
    return _isatty(stream)


def _redraws(stream: Any) -> bool:
    """Can a line be redrawn in place? Not in Emacs (its compilation buffer is a terminal that shows
    escape codes raw) nor on TERM=dumb; NO_COLOR is about colour, not about this."""
    return not os.environ.get("INSIDE_EMACS") and os.environ.get("TERM") != "dumb"


def _show_source(fmt: str, flag: bool | None) -> bool:
    """Code frames: the flag wins; `full` always, `concise` never, `text` when stdout is a terminal."""
    if flag is not None:
        return flag
    return {"full": True, "concise": False}.get(fmt, _isatty(sys.stdout))


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _reader(stdin_name: str | None, stdin_data: bytes | None) -> Callable[[str], "str | None"]:
    """Source text for code frames: the file again (decoded as the linter did), or stdin."""
    cache: dict[str, str | None] = {}

    def read(path: str) -> str | None:
        if path not in cache:
            data = stdin_data if (stdin_name is not None and path == stdin_name) else None
            if data is None:
                data = _regular_file_bytes(path)
                if data is None:  # gone, a pipe already read, a device: no frame
                    cache[path] = None
                    return None
            from ..core.document import SourceError
            from ..sources.text import decode

            try:
                cache[path] = decode(data)
            except SourceError:  # undecodable text: show what can be shown; binary (archives): nothing
                cache[path] = None if b"\x00" in data[:8192] else data.decode("utf-8", errors="replace")
        return cache[path]

    return read


def _regular_file_bytes(path: str, limit: int = 256 * 1024 * 1024) -> bytes | None:
    """A regular file's bytes for code frames (None for pipes, devices and anything larger than ``limit``)."""
    import stat

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def _escape_unencodable() -> None:
    """Output never fails to encode: what the terminal's encoding lacks (or a lone surrogate) is escaped."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--output-format", "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text (concise on a pipe, full on a terminal), concise (one line each), full (with the source "
                   "line and fix), json, json-lines, junit (JUnit XML), gitlab (Code Quality), github (workflow "
                   "annotations), sarif (2.1.0) or pylint. `--format` is the same option.")
@click.option("--output-file", "-o", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=False),
              help="Write the --format output to FILE; the human text still goes to stdout.")
@click.option("--show-source/--no-show-source", default=None,
              help="Show each finding's source line with a caret and the fix under it (default: when stdout is a terminal).")
@click.option("--color/--no-color", default=None,
              help="Colour the text output (default: when stdout is a terminal and NO_COLOR is not set).")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary line and no progress.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules (codes, names or code prefixes; comma-separated).")
@click.option("--extend-select", multiple=True, metavar="RULES", help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Rules to switch off.")
@click.option("--rules", "rules_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True),
              help="Load extra rule packs (*.yaml) from DIR.")
@click.option("--config", "config_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="Use this configuration file for every path instead of finding one per file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--force-exclude", is_flag=True,
              help="Apply the configuration's `exclude` to files named on the command line too (for pre-commit).")
@click.option("--prefilter", is_flag=True,
              help="Skip named files flexlint would skip in a directory walk: unknown extensions, and files "
                   "whose bytes mention nothing it understands (for hooks that pass every file).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True,
              help="Skip what git ignores (.gitignore, .git/info/exclude) in directory walks (default: yes).")
@click.option("--baseline", "baseline_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Hide the findings recorded in FILE (see --write-baseline); report only new ones.")
@click.option("--write-baseline", "write_baseline_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Record the current findings in FILE and exit 0.")
@click.option("--stdin-filename", metavar="NAME",
              help="Read standard input (with or without `-`) as if it were the file NAME: its name decides how it is "
                   "read and which configuration applies. Without it, `-` is told JSON, YAML or Python by its content.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too (exit 1).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (not for unreadable input).")
@click.option("--max-file-size", type=click.IntRange(min=1), default=64, show_default=True, metavar="MB",
              help="Skip-and-report files larger than this many megabytes.")
@click.option("--max-depth", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_depth, show_default=True, metavar="N",
              help="Refuse JSON, YAML, notebooks, TOML and JSON Lines nested deeper than this.")
@click.option("--max-python-size", type=click.FloatRange(min=0.001), default=DEFAULT_LIMITS.max_python_size / MB,
              show_default=True, metavar="MB", help="Refuse to parse Python code larger than this.")
@click.option("--max-python-depth", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_python_depth, show_default=True,
              metavar="N", help="Refuse Python with brackets nested deeper than this.")
@click.option("--max-python-chain", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_python_chain, show_default=True,
              metavar="N", help="Refuse Python whose expressions nest or chain more operators, attributes and calls than this.")
@click.option("--max-members", type=click.IntRange(min=1), default=DEFAULT_LIMITS.max_members, show_default=True, metavar="N",
              help="Refuse zip archives with more entries than this.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_LIMITS.timeout, show_default=True, metavar="SECONDS",
              help="Give up on a file after this long (a parse-error for that file).")
@click.option("--max-memory", type=click.IntRange(min=16), default=DEFAULT_LIMITS.max_memory // MB, show_default=True,
              metavar="MB", help="Memory one file may take while it is read and checked (Linux).")
@click.option("--jobs", "-j", type=JobsType(), default="auto", show_default=True, metavar="N|auto",
              help="Worker processes: a number, 0 for one per core, or auto: workers only when the files "
                   "to parse outweigh starting them.")
@click.option("--fix", is_flag=True,
              help="Apply the safe fixes to the files, then report what remains (`flexlint rules` marks the rules that have one).")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix, --fix-only or --diff: also apply the fixes that change what is sent (a setting that was "
                   "silently dropped takes effect).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff and write nothing (exit 1 when there is something to fix).")
@click.option("--fix-only", is_flag=True, help="Apply the fixes and report nothing else (exit 0 unless --exit-non-zero-on-fix).")
@click.option("--show-fixes", is_flag=True, help="List the fixes made (or available), per file and rule, on stderr.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when a fix was applied, even if no problem remains.")
@click.option("--watch", is_flag=True,
              help="Lint again whenever a file, a configuration or a rule pack changes (Ctrl-C to stop).")
@click.option("--no-cache", is_flag=True,
              help="Do not read or write the results cache (.flexlint_cache/ in the current folder; `flexlint clean` removes it).")
def check(paths: tuple[str, ...], fmt: str, output_file: str | None, show_source: bool | None, color: bool | None,
          quiet: bool, statistics: bool, select: tuple[str, ...], extend_select: tuple[str, ...],
          ignore: tuple[str, ...], rules_dirs: tuple[str, ...], config_file: str | None, isolated: bool,
          force_exclude: bool, prefilter: bool, respect_gitignore: bool, baseline_file: str | None, write_baseline_file: str | None,
          stdin_filename: str | None, strict: bool, exit_zero: bool, max_file_size: int, max_depth: int,
          max_python_size: float, max_python_depth: int, max_python_chain: int, max_members: int, timeout: float,
          max_memory: int, jobs: int, fix: bool = False, unsafe_fixes: bool = False, show_diff: bool = False,
          fix_only: bool = False, show_fixes: bool = False, exit_non_zero_on_fix: bool = False,
          watch: bool = False, no_cache: bool = False) -> None:
    """Lint PATHS (files or directories; `-` for stdin). Default: the current directory.

    Findings go to stdout, one per line: `path:line:col: severity: message
    [CODE rule]`; on a terminal each is followed by its source line, a caret
    under the span and a `help:` line with the fix. A summary line with the
    count per severity goes to stderr (text, concise and full formats only).
    """
    from ..run.paths import Options, lint_paths, lint_source, make_resolver
    from ..config.files import ConfigError
    from ..report import ReportContext
    from ..report.summary import statistics as format_statistics
    from ..report.summary import summary_line

    _escape_unencodable()
    global _RECORDER
    _RECORDER = _recorder(watch or fix or fix_only or show_diff or bool(write_baseline_file or output_file) or no_cache
                          or stdin_filename is not None or "-" in paths)
    if watch:
        _watch(click.get_current_context(), paths, stdin_filename, write_baseline_file)
    if statistics and fmt not in HUMAN_FORMATS | {"json"}:
        raise click.UsageError("--statistics prints text or json; use --output-file for the other formats")
    fixing = fix or fix_only or show_diff
    if fixing and write_baseline_file:
        raise click.UsageError("--write-baseline records findings; it cannot be combined with --fix, --fix-only or --diff")
    options = Options(
        select=_split(select),
        ignore=_split(ignore),
        extend_select=_split(extend_select),
        rules_dirs=list(rules_dirs),
        max_file_size=max_file_size * 1024 * 1024,
        jobs=jobs,
        config=config_file,
        isolated=isolated,
        force_exclude=force_exclude,
        prefilter=prefilter,
        respect_gitignore=respect_gitignore,
        isolate=True,
        limits=Limits(
            max_depth=max_depth,
            max_python_size=int(max_python_size * MB),
            max_python_depth=max_python_depth,
            max_python_chain=max_python_chain,
            max_members=max_members,
            timeout=timeout,
            max_memory=max_memory * MB,
        ),
        cache=not no_cache,
    )
    try:
        resolver = make_resolver(options)
        resolver.plan(None)  # a broken configuration or an unknown selector fails before any work
        _warn_always_on(options.ignore, resolver.ruleset())
        baseline = _load_baseline(baseline_file) if baseline_file and not write_baseline_file else None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except ConfigError as exc:
        raise ConfigFailure(str(exc)) from None

    targets = list(paths) or ["."]
    stdin_data: bytes | None = None
    stdin_name = None
    progress = None
    try:
        if _reads_stdin(paths, stdin_filename):
            stdin_data = sys.stdin.buffer.read()
            stdin_name = stdin_filename or "-"
            result = lint_source(stdin_data, stdin_name, options)
        elif not quiet and _isatty(sys.stderr) and _redraws(sys.stderr):
            from ..report.progress import Progress

            with Progress(sys.stderr) as progress:
                result = lint_paths(targets, options, progress=progress.update)
        else:
            result = lint_paths(targets, options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except ConfigError as exc:
        raise ConfigFailure(str(exc)) from None

    if not quiet:
        for note in result.notes:
            _emit(sys.stderr, f"flexlint: note: {note}\n")
    diagnostics = result.diagnostics
    if write_baseline_file:
        from ..config.baseline import BaselineError, write_baseline

        try:
            count = write_baseline(write_baseline_file, diagnostics)
        except BaselineError as exc:
            raise ConfigFailure(str(exc)) from None
        if not quiet:
            click.echo(f"flexlint: recorded {count} finding{'s' if count != 1 else ''} in {write_baseline_file}", err=True)
        sys.exit(EXIT_ERROR if result.unreadable else 0)
    hidden = stale = 0
    if baseline is not None:
        diagnostics, hidden, stale = baseline.filter(diagnostics)
    fixed: list = []
    if fixing:
        diagnostics, fixed, stdin_data = _apply_fixes(
            diagnostics, options, baseline, stdin_name, stdin_data, unsafe=unsafe_fixes, write=not show_diff)
        if show_fixes and not quiet:
            from ..report.fixes import fixes_listing

            sys.stderr.write(fixes_listing(fixed, "Would fix" if show_diff else "Fixed"))
        if show_diff or fix_only:
            if not quiet:
                from ..report.fixes import fixed_note

                sys.stderr.write(f"{fixed_note(len(fixed), len(diagnostics), would=show_diff)}\n")
            code = EXIT_ERROR if result.unreadable else 1 if fixed and (show_diff or exit_non_zero_on_fix) else 0
            sys.exit(code)
    elif show_fixes and not quiet:
        from ..report.fixes import fixes_listing

        _emit(sys.stderr, fixes_listing([d for d in diagnostics if d.autofix is not None
                                         and (unsafe_fixes or d.autofix.safety == "safe")], "--fix would fix"))

    context = ReportContext(
        rules=resolver.ruleset().rules,
        sources=_reader(stdin_name, stdin_data),
        unreadable=result.unreadable,
    )
    if output_file:
        from ..core.writing import write_text_atomically

        try:
            write_text_atomically(output_file, FORMATS[fmt](diagnostics, context))
        except OSError as exc:
            raise ConfigFailure(f"cannot write {output_file}: {exc.strerror or exc}") from None
    stdout_fmt = "text" if output_file else fmt
    if stdout_fmt in HUMAN_FORMATS:
        context.color = _use_color(color, sys.stdout)
        context.show_source = _show_source(stdout_fmt, show_source)
    out = sys.stderr if fixing and stdin_name is not None else sys.stdout  # stdout holds the fixed text
    if statistics:
        _emit(out, format_statistics(diagnostics, "json" if stdout_fmt == "json" else "text"))
    else:
        _emit(out, FORMATS[stdout_fmt](diagnostics, context))
    out.flush()
    if stdout_fmt in HUMAN_FORMATS and not quiet and (diagnostics or hidden or fixed or _isatty(sys.stderr)):
        line = summary_line(diagnostics, result.files, hidden, color=_use_color(color, sys.stderr), looked_at=result.looked_at)
        if stale:
            gone = "1 recorded finding no longer occurs" if stale == 1 else f"{stale} recorded findings no longer occur"
            line = line.rstrip("\n") + f" {gone}; rewrite the baseline with --write-baseline.\n"
        line = line.rstrip("\n") + " " + _fix_tail(fixing, fixed, diagnostics, unsafe_fixes, _use_color(color, sys.stderr))
        _emit(sys.stderr, line.rstrip(" ") + "\n")
    elif fixing and not quiet and stdout_fmt not in HUMAN_FORMATS:  # machine output on stdout: the counts still go to stderr
        sys.stderr.write(_fix_tail(fixing, fixed, diagnostics, unsafe_fixes, False) + "\n")
    code = exit_code(diagnostics, result.unreadable, strict)
    if exit_non_zero_on_fix and fixed and code != EXIT_ERROR:
        code = 1
    if exit_zero and code != EXIT_ERROR:
        code = 0
    if _RECORDER is not None:
        _RECORDER.save(code)
    sys.exit(code)


def _fix_tail(fixing: bool, fixed: list, remaining: list, unsafe: bool, color: bool) -> str:
    """The end of the summary line: what was fixed, or what --fix would fix."""
    from ..report.fixes import fixable_note, fixed_note

    if fixing:
        return fixed_note(len(fixed), len(remaining))
    return fixable_note(remaining, unsafe, color)


def _apply_fixes(diagnostics: list, options: Any, baseline: Any, stdin_name: str | None, stdin_data: bytes | None,
                 *, unsafe: bool, write: bool) -> tuple[list, list, bytes | None]:
    """Fix the files that have fixable findings: (findings that remain, findings fixed, stdin's new content).

    With ``write`` the files are replaced (stdin: the fixed text goes to stdout); otherwise (--diff) a
    unified diff of each is printed and nothing is written.
    """
    from ..report.fixes import unified_diff
    from ..run.fixing import file_linter, fix_bytes, fix_files
    from ..sources.text import decode

    wanted = sorted({d.path for d in diagnostics if d.autofix is not None and (unsafe or d.autofix.safety == "safe")})
    linter = file_linter(options, visible=(lambda found: baseline.filter(found)[0]) if baseline is not None else None)
    if stdin_name is not None:
        results = [fix_bytes(stdin_name, stdin_data or b"", linter, unsafe=unsafe)] if wanted else []
        if write:
            sys.stdout.buffer.write(results[0].fixed if results and results[0].fixed is not None else stdin_data or b"")
            sys.stdout.flush()
    else:
        results = fix_files(wanted, linter, unsafe=unsafe, write=write)
    changed = {r.path: r for r in results if r.fixed is not None and (r.written or not write or stdin_name is not None)}
    for r in results:
        for note in r.notes:
            click.echo(f"flexlint: warning: {r.path}: {note}", err=True)
        if not write and r.path in changed:
            sys.stdout.write(unified_diff(r.path, decode(r.original), decode(r.fixed)))  # type: ignore[arg-type]
    sys.stdout.flush()
    remaining = [d for d in diagnostics if d.path not in changed]
    remaining += [d for r in changed.values() for d in r.outcome.remaining]
    from ..core.diagnostics import Diagnostic

    remaining.sort(key=Diagnostic.sort_key)
    fixed = [d for r in changed.values() for d in r.outcome.fixed]
    if stdin_name is not None and stdin_name in changed:
        stdin_data = changed[stdin_name].fixed
    return remaining, fixed, stdin_data


def _load_baseline(path: str) -> Any:
    from ..config.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as exc:
        raise ConfigFailure(str(exc)) from None


# The recording of this run for a replay (see flexlint.run.replay), when it can be replayed.
_RECORDER: Any = None


def _recorder(excluded: bool) -> Any:
    """Record this check for a replay: only when started from the command line and only a plain lint."""
    from ..run import replay

    if excluded or replay.ENTRY_ARGV is None:
        return None
    return replay.Recorder(replay.ENTRY_ARGV).start()


def _emit(stream: Any, text: str) -> None:
    """Write what a user reads after the lint; a recorded run keeps it for its replay."""
    if _RECORDER is not None:
        _RECORDER.write(stream, text)
    else:
        stream.write(text)


def _warn_always_on(ignored: list[str], ruleset: Any) -> None:
    """`--ignore parse-error` cannot work: say so rather than let it look obeyed."""
    from ..checks import always_on

    for selector in ignored:
        rule = ruleset.get(selector)
        if rule is not None and always_on(rule):
            _emit(sys.stderr, f"flexlint: warning: {rule.slug} cannot be switched off: a file that cannot be read "
                              "or checked is always reported\n")


def _watch(ctx: click.Context, paths: tuple[str, ...], stdin_filename: str | None, write_baseline: str | None) -> None:
    """`--watch`: the same check, run again after every change (see :mod:`flexlint.faces.watch`)."""
    from .watch import watch

    if "-" in paths or stdin_filename is not None:
        raise click.UsageError("--watch lints files; it cannot read standard input")
    if write_baseline:
        raise click.UsageError("--watch cannot be combined with --write-baseline")
    params = dict(ctx.params, watch=False)
    from ..run import replay

    replay.ENTRY_ARGV = None  # the checks run here are not the command typed: never recorded for a replay

    def packs() -> list[str]:
        from ..run.paths import Options, make_resolver

        resolver = make_resolver(Options(config=params["config_file"], isolated=params["isolated"]))
        return [*params["rules_dirs"], *resolver.config_for(Path("_")).rule_packs]

    sys.exit(watch(lambda: ctx.invoke(check, **params), list(paths) or ["."], packs))


def _reads_stdin(paths: tuple[str, ...], stdin_filename: str | None) -> bool:
    """`-`, or `--stdin-filename` with or without `-` (as ruff: editor integrations pass only the name)."""
    if stdin_filename is not None:
        others = [p for p in paths if p != "-"]
        if others:
            click.echo(f"flexlint: warning: --stdin-filename reads standard input; ignoring {' '.join(others)}", err=True)
        return True
    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("`-` (stdin) cannot be combined with other paths")
        return True
    return False


@main.command("show-config", short_help="Show the configuration that applies to a path.")
@click.argument("path", default=".", type=click.Path(path_type=str))
@click.option("--config", "config_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="Use this configuration file instead of finding one.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def config_cmd(path: str, config_file: str | None, isolated: bool) -> None:
    """Show which configuration file applies to PATH and the rules it leaves on."""
    from ..checks import always_on
    from ..config.files import ConfigError
    from ..run.paths import Options, make_resolver

    target = Path(path)
    probe = target / "_" if target.is_dir() else target  # a file in the folder: its settings
    try:
        resolver = make_resolver(Options(config=config_file, isolated=isolated))
        config = resolver.config_for(probe)
        plan = resolver.plan(probe)
        excluded = resolver.excluded(target, is_dir=target.is_dir())
        ruleset = resolver.ruleset(probe)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except ConfigError as exc:
        raise ConfigFailure(str(exc)) from None
    click.echo(f"configuration: {config.label if config.path else 'none (built-in defaults)'}")
    if config.base is not None:
        click.echo(f"extends: {' → '.join(c.label for c in reversed(config.layers()[:-1]))}")
    click.echo(f"excluded: {'yes' if excluded else 'no'}")
    click.echo("rules:")
    width = max(len(r.slug) for r in ruleset.rules)
    for rule in ruleset.rules:
        on = rule.slug in plan.selection.rules
        level = plan.selection.severity.get(rule.slug, rule.severity) if on else "off"
        note = "  (always on)" if always_on(rule) else ""
        click.echo(f"  {rule.code}  {rule.slug:<{width}}  {level}{note}".rstrip())
    for ignore, slugs in plan.json_ignores:
        click.echo(f"ignored at JSON path {ignore.text}: {', '.join(sorted(slugs)) if slugs else 'every rule'}")


@main.command("clean", short_help="Remove the results cache (.flexlint_cache/ in the current folder).")
def clean_cmd() -> None:
    """Remove `.flexlint_cache/` from the current folder (runs recreate it; `--no-cache` skips it)."""
    from ..run.cache import CACHE_DIR, clean

    folder = Path(CACHE_DIR)
    if not folder.exists():
        click.echo(f"flexlint: no cache here ({folder}/)", err=True)
    elif clean(folder):
        click.echo(f"flexlint: removed {folder}/", err=True)
    else:
        click.echo(f"flexlint: {folder}/ is not a flexlint cache (no CACHEDIR.TAG of ours); left as it is", err=True)
        sys.exit(EXIT_ERROR)


@main.command("lsp", short_help="Language server for editors (stdio).")
def lsp_cmd() -> None:
    """Language server for editors, on stdin/stdout (needs the `lsp` extra).

    Install flexlint with its `lsp` extra (`pip install '.[lsp]'` in a clone). It publishes diagnostics for every file
    flexlint reads as you open, edit and save it, with the rule's page linked and the fix attached, and reads a
    changed configuration file or rule pack again without a restart.
    """
    try:
        from .lsp import serve
    except ImportError as exc:
        click.echo(f"flexlint: error: the language server needs pygls ({exc}); install flexlint with its `lsp` "
                   "extra (pip install '.[lsp]' in a clone of flexlint)", err=True)
        sys.exit(EXIT_ERROR)
    serve()


_RULES_OPTION = click.option(
    "--rules", "rules_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True),
    help="Also load the rule packs (*.yaml) in DIR (the configuration's `rule-packs` are always loaded).",
)


def _ruleset(rules_dirs: tuple[str, ...]) -> Any:
    """The rules a `check` in this folder would know: shipped, configured packs, and --rules."""
    from ..config.files import ConfigError
    from ..run.paths import Options, make_resolver

    try:
        return make_resolver(Options(rules_dirs=list(rules_dirs))).ruleset()
    except ConfigError as exc:
        raise ConfigFailure(str(exc)) from None


@main.command("rules")
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_RULES_OPTION
def rules_cmd(fmt: str, rules_dirs: tuple[str, ...]) -> None:
    """List every rule: code, name, default severity, whether --fix fixes it, and summary (shipped rules and rule packs)."""
    rules = _ruleset(rules_dirs).rules
    if fmt == "json":
        click.echo(json.dumps([_rule_json(r) for r in rules], indent=2))
        return
    width = max(len(r.slug) for r in rules)
    for r in rules:
        fix = {"safe": "fix", "unsafe": "fix*"}.get(r.fix_safety, "")
        click.echo(f"{r.code}  {r.slug:<{width}}  {r.severity:<7}  {fix:<4}  {r.summary}")
    click.echo("fix: `flexlint --fix` applies a fix; fix*: only with --unsafe-fixes (it changes what is sent).", err=True)


@main.command("rule", short_help="Explain a rule (or --all): why, the fix, its examples.")
@click.argument("ident", metavar="[ID]", required=False)
@click.option("--all", "every", is_flag=True, help="Every rule, one page after another (as `ruff rule --all`).")
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_RULES_OPTION
def rule_cmd(ident: str | None, every: bool, fmt: str, rules_dirs: tuple[str, ...]) -> None:
    """Explain a rule (by code or name): why it matters, the fix, and its examples, run live."""
    if every == (ident is not None):
        raise click.UsageError("name one rule (`flexlint rule wrong-key-casing`) or give --all")
    ruleset = _ruleset(rules_dirs)
    if every:
        rules = list(ruleset.rules)
    else:
        rule = ruleset.get(ident or "")
        if rule is None:
            raise click.UsageError(f"no rule {ident!r}; `flexlint rules` lists them")
        rules = [rule]
    if fmt == "json":
        data = [_rule_json(r) for r in rules]
        click.echo(json.dumps(data if every else data[0], indent=2))
        return
    click.echo(("\n\n" + "─" * 72 + "\n\n").join(render_rule(r, ruleset) for r in rules))


@main.command("check-rules", short_help="Validate rule packs and run their examples (for CI).")
@click.argument("packs", nargs=-1, required=True, type=click.Path(exists=True), metavar="PACK...")
def check_rules_cmd(packs: tuple[str, ...]) -> None:
    """Load the rule packs in PACK (folders of *.yaml, or files), then run every rule's examples.

    A pack that cannot be loaded (unknown kind, parameter or outcome, a
    malformed entry) exits 2 naming the file, the rule and the key. Each
    rule must have at least one `invalid` example, which must give exactly
    the findings it lists, and one `valid` example, which must give none;
    a failure exits 1.
    """
    from ..config.rulesets import RulePackError, load_ruleset, pack_rules
    from ..run.examples import run_examples, untested

    try:
        ruleset = load_ruleset(packs)
        own = pack_rules(packs)
    except RulePackError as exc:
        raise ConfigFailure(str(exc)) from None
    failures = 0
    for rule in own:
        problems = [f"  {m}" for m in untested(rule)]
        results = run_examples(rule, ruleset)
        for result in results:
            if not result.ok:
                problems.append(f"  {result.title}: " + "\n  ".join(result.problems))
        status = "ok" if not problems else "FAILED"
        click.echo(f"{rule.pack}: {rule.code} {rule.slug}: {len(results)} example(s) {status}")
        for line in problems:
            click.echo(line)
        failures += bool(problems)
    click.echo(f"{len(own)} rule(s) checked, {failures} failed.", err=True)
    sys.exit(1 if failures else 0)


@main.command("models")
@click.argument("model_id", required=False, metavar="[MODEL_ID]")
@click.option("--tier", type=click.Choice(["flex", "priority"]), help="Only the entries that offer this tier.")
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def models_cmd(model_id: str | None, tier: str | None, fmt: str) -> None:
    """Print the model catalog (flex / priority support and its sources), or explain MODEL_ID's match.

    \b
    Examples:
      flexlint models                      the whole catalog
      flexlint models --tier flex          models that offer flex
      flexlint models openai/gpt-5.3-codex which entry matches, and why
    """
    from . import models_view as catalog_view

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


@main.command("explain", short_help="Show each request site: where it goes, the model, what it sends.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain_cmd(paths: tuple[str, ...], fmt: str) -> None:
    """Show the request sites flexlint reads in PATHS, as its checks see them.

    For each site: the server its requests go to (and what in the file says
    so, or what flexlint assumed), the model as that server receives it, every
    parameter sent with the file:line:col it comes from (and the setting that
    changed it), what never reaches the wire, and the client's timeout and
    retries. Secrets are never shown. Exit code 2 when a file cannot be read.
    """
    from .explain import read_paths, to_json, to_text

    files = read_paths(paths)
    sys.stdout.write(to_json(files) if fmt == "json" else to_text(files))
    sys.exit(EXIT_ERROR if any(f.error for f in files) else 0)


@main.command("probe", short_help="Ask the API which tier really serves each request (sends requests).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--yes", "-y", is_flag=True, help="Send without asking (needed when standard input is not a terminal).")
@click.option("--dry-run", is_flag=True, help="Print the requests that would be sent, and send nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format of the results (with json, the plan goes to stderr).")
@click.option("--key-env", metavar="NAME",
              help="The environment variable holding the key (default: OPENAI_API_KEY for OpenAI, "
                   "AZURE_OPENAI_API_KEY for Azure OpenAI; other servers get no key unless named).")
@click.option("--base-url", metavar="URL",
              help="Send to this base URL instead of the one the file names (a gateway in front of the API).")
@click.option("--allow", "allow", multiple=True, metavar="SERVER",
              help="Also probe requests to this server id (`groq`, `openrouter`, `local`, …; `unknown` for "
                   "servers flexlint does not know). Only OpenAI and Azure OpenAI are probed otherwise.")
@click.option("--retries", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Retries of a refused or unanswered request (a flex 429 is never retried unless allowed here).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=900.0, show_default=True,
              metavar="SECONDS", help="How long to wait for each answer (flex can be slow; OpenAI suggests 900).")
@click.option("--record", "record_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Add the answers to FILE as evidence for the model catalog (source PROBE-<date>).")
def probe_cmd(paths: tuple[str, ...], yes: bool, dry_run: bool, fmt: str, key_env: str | None,
              base_url: str | None, allow: tuple[str, ...], retries: int, timeout: float,
              record_file: str | None) -> None:
    """Send one tiny request per request site in PATHS and report the tier the API says served it.

    For each site flexlint reads completely (a model, a service tier, and
    OpenAI, Azure OpenAI or a server allowed with --allow), it sends the
    smallest request that asks for the tier (one word in, the lowest output
    limit, store false) and prints the tier asked, the tier the response
    says served it, the HTTP status and error, and the request id, next to
    what flexlint's catalog expects. It prints every request first and
    asks before sending (or needs --yes). Requests cost a little: they are
    billed like any other. Keys are read from the environment, sent only to
    the server of the request, and never printed.

    Exit codes: 0 every request served at the tier it asked, 1 some were
    not (refused, unanswered or served at another tier), 2 unreadable input,
    a missing key or client, or no way to ask (no terminal and no --yes).
    Answering no at the prompt sends nothing and exits 0.
    """
    from .explain import read_paths
    from .probe.plan import make_plan
    from .probe.render import as_json, plan_text, result_text, summary

    if base_url is not None:
        from ..knowledge.servers import parse_url

        parsed = parse_url(base_url)
        if parsed is None or not base_url.strip().lower().startswith(("http://", "https://")):
            raise click.UsageError(f"--base-url must be an http(s) URL with a host, not {base_url!r}")
        base_url = parsed.url
    plan = make_plan(read_paths(paths), base_url=base_url, allow=allow, key_env=key_env)
    unreadable = EXIT_ERROR if plan.errors else 0
    if dry_run:
        sys.stdout.write(as_json(plan) if fmt == "json" else plan_text(plan, dry_run=True))
        sys.exit(unreadable)
    shown = sys.stderr if fmt == "json" else sys.stdout
    if not plan.probes:
        shown.write(plan_text(plan) + "nothing to probe.\n")
        if fmt == "json":
            sys.stdout.write(as_json(plan, []))
        sys.exit(unreadable)
    from .probe.send import MissingClient, client_module, send

    try:
        client_module()
    except MissingClient as exc:
        _probe_fail(str(exc))
    missing = [name for name in plan.key_envs if not os.environ.get(name)]
    if missing:
        _probe_fail(f"the environment variable {', '.join(missing)} holding the key is not set: set it, "
                    "or name the variable that holds the key with --key-env. Nothing was sent.")
    shown.write(plan_text(plan))
    shown.flush()
    count = len(plan.probes)
    if not yes:
        if not _isatty(sys.stdin):
            _probe_fail(f"standard input is not a terminal, so flexlint cannot ask before sending: pass --yes to send "
                        f"the {count} request{'s' if count != 1 else ''} above, or --dry-run. Nothing was sent.")
        if not click.confirm(f"Send {count} request{'s' if count != 1 else ''}?", default=False, err=True):
            click.echo("flexlint: nothing was sent.", err=True)
            sys.exit(0)
    answers = [send(p, os.environ.get(p.key_env) if p.key_env else None, timeout=timeout, retries=retries)
               for p in plan.probes]
    if fmt == "json":
        sys.stdout.write(as_json(plan, answers))
    else:
        sys.stdout.write(result_text(plan, answers) + summary(plan, answers))
    if record_file:
        from .probe.record import RecordError, write

        try:
            written = write(record_file, plan, answers)
        except RecordError as exc:
            _probe_fail(str(exc))
        click.echo(f"flexlint: recorded {written} answer{'s' if written != 1 else ''} in {record_file}", err=True)
    from .probe.expect import compare

    served = all(compare(p.asked, p.expectation, a).word == "served" for p, a in zip(plan.probes, answers))
    sys.exit(unreadable or (0 if served else 1))


def _probe_fail(message: str) -> None:
    click.echo(f"flexlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _rule_json(rule: Any) -> dict[str, Any]:
    return {
        "code": rule.code,
        "rule": rule.slug,
        "severity": rule.severity,
        "summary": rule.summary,
        "explanation": rule.explanation,
        "fix": rule.fix,
        "fix_safety": rule.fix_safety,
        "examples": {
            "invalid": [{"file": e.file, "content": e.content, "name": e.name} for e in rule.invalid],
            "valid": [{"file": e.file, "content": e.content, "name": e.name} for e in rule.valid],
        },
    }


AUTOFIX = {
    "safe": "Automatic fix: safe, applied by `flexlint --fix` (and the editor's fix-all).",
    "unsafe": "Automatic fix: unsafe, because it changes what is sent; applied only by "
              "`flexlint --fix --unsafe-fixes` (or one finding at a time from the editor).",
    "none": "Automatic fix: none.",
}


def render_rule(rule: Any, ruleset: Any) -> str:
    """The rule page: the examples are run, so what it shows is what flexlint says."""
    from ..run.examples import run_examples

    out = [f"{rule.code} {rule.slug} ({rule.severity})", "", rule.summary, "", "Why", ""]
    out += [textwrap.indent(rule.explanation, "  "), "", "Fix", "", textwrap.indent(rule.fix, "  ")]
    out += ["", textwrap.indent(AUTOFIX[rule.fix_safety], "  ")]
    binding = f"kind `{rule.kind}`, reports `{rule.reports}`"
    if rule.params:
        binding += ", " + ", ".join(f"{k} = {v!r}" for k, v in rule.params.items())
    if rule.files:
        binding += f", files {', '.join(rule.files)}"
    out += ["", "Checked by", "", f"  {binding}" + (f" (from {rule.pack})" if not rule.pack.startswith("builtin:") else "")]
    for result in run_examples(rule, ruleset):
        label = "Flagged" if result.kind == "invalid" else "Not flagged"
        ex = result.example
        title = f"{label}: {ex.name}" if ex.name else label
        out += ["", f"{title} ({ex.file})", "", textwrap.indent(ex.content.rstrip("\n"), "    ")]
        lines = FORMATS["text"](result.diagnostics).rstrip("\n")
        if lines:
            out += ["", textwrap.indent(lines, "  → ")]
        if not result.ok:
            out += ["", textwrap.indent("\n".join(result.problems), "  ! example fails: ")]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    main()
