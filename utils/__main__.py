"""Command line of the course library.

    python -m utils run [NOTEBOOK ...] [--inplace] [--scale full]

``run`` executes notebooks top to bottom (see ``utils/runner.py``).
"""

import sys

COMMANDS = {"run": "execute notebooks top to bottom and report status, time and memory"}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__.strip())
        print("\ncommands:")
        for name, summary in COMMANDS.items():
            print(f"  {name:6s} {summary}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    from . import runner

    return runner.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
