"""Command line of the course library.

    python -m utils run [NOTEBOOK ...] [--inplace] [--scale full]
    python -m utils student [--out build/student]
    python -m utils contents [--check]

``run`` executes notebooks top to bottom (``utils/runner.py``), ``student``
writes student copies without solutions (``utils/student.py``), ``contents``
regenerates the README table, the contents notebook, the navigation cells and
the setup cells' Colab lines (``utils/contents.py``).
"""

import importlib

import sys

COMMANDS = {
    "run": ("runner", "execute notebooks top to bottom and report status, time and memory"),
    "student": ("student", "write student copies of the notebooks, solutions replaced by stubs"),
    "contents": ("contents", "regenerate the README table, index notebook, navigation and Colab setup lines"),
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__.strip())
        print("\ncommands:")
        for name, (_, summary) in COMMANDS.items():
            print(f"  {name:9s} {summary}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(f".{COMMANDS[argv[0]][0]}", __package__)
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
