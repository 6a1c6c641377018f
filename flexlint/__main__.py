"""``python -m flexlint`` and the ``flexlint`` command.

An unchanged re-run is answered from its recording (:mod:`flexlint.run.replay`)
before the command line, the rules or any parser is imported.
"""

import sys


def main() -> None:
    from .run import replay

    code = replay.replay(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    replay.ENTRY_ARGV = sys.argv[1:]
    from .faces.cli import main as cli

    cli(prog_name="flexlint")


if __name__ == "__main__":
    main()
