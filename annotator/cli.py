"""The `annotator` command: argument parsing only; each subcommand calls one core function.

    annotator [PROJECT]                      open the window (the demo project by default)
    annotator import PROJECT FILE...         add .txt/.md/.jsonl files to PROJECT
    annotator export PROJECT -o OUT.jsonl    write the annotations as JSONL

Errors print one line naming the file (and line) and exit with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.errors import AnnotatorError

SUBCOMMANDS = ("import", "export")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotator", description="Annotate who claims what about which issue.")
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import .txt, .md or .jsonl files into a project")
    imp.add_argument("project", type=Path)
    imp.add_argument("files", type=Path, nargs="+")
    imp.add_argument("--annotator", help="name recorded on spans that carry none (default: your user name)")

    exp = sub.add_parser("export", help="export annotations as JSONL")
    exp.add_argument("project", type=Path)
    exp.add_argument("-o", "--output", type=Path, required=True)
    exp.add_argument("--annotator", action="append", default=[], metavar="NAME",
                     help="export only this annotator's layer (repeatable)")
    exp.add_argument("--gold", action="store_true", help="export the gold (reviewed) layer")
    return parser


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Open the annotation window. Subcommands: " + ", ".join(SUBCOMMANDS)
        + " (annotator SUBCOMMAND --help).")
    parser.add_argument("project", type=Path, nargs="?", help="project file to open or create "
                        "(default: the demo project)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return _run_subcommand(_parser().parse_args(argv))
        args = _window_parser().parse_args(argv)
        from annotator.ui.app import run_window

        return run_window(args.project)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run_subcommand(args: argparse.Namespace) -> int:
    from annotator import transfer
    from annotator.store import Project

    if args.command == "import":
        report = transfer.import_files(args.project, args.files,
                                       args.annotator or transfer.default_analyst())
        print(f"{args.project}: {report.summary()}")
    elif args.command == "export":
        with Project(args.project, create=False) as project:
            count = transfer.export_project(project, args.output, args.annotator, args.gold)
        print(f"{args.output}: {count} documents written")
    return 0
