"""The `annotator` command: argument parsing only; each subcommand calls one core function.

    annotator [PROJECT]                      open the window (the demo project by default)
    annotator import PROJECT FILE...         add .txt, .docx, .pdf, .html … files (or folders) to PROJECT
    annotator export PROJECT -o OUT          write the annotations (JSONL, or --format NAME;
                                             --texts-only: the documents without spans)
    annotator merge PROJECT OTHER.db...      bring in colleagues' project files
    annotator agree PROJECT                  inter-annotator agreement (--by-document, --csv, --json)
    annotator search PROJECT QUERY           hits of an FTS5 query: document, start, end, snippet
    annotator codebook export PROJECT -o F   write labels, claim categories, stances, registry
    annotator codebook import PROJECT F      merge a team's codebook in (by id)
    annotator network PROJECT -o OUT         a discourse network as GraphML or CSV (--mode, --stance,
                                             --from/--to, --annotator or --gold)
    annotator tag-all PROJECT --text W --label L   tag every whole-word occurrence of W as L
                                             (--analyst NAME, --document ID, --match-case)
    annotator suggest PROJECT                suggest spans from the registry, patterns, a spaCy pipeline

The formats offered come from the registries in `annotator.formats`. Long work draws a
progress bar on stderr when it is a terminal, and nothing when it is piped.
Errors print one line naming the file (and line) and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from annotator.errors import AnnotatorError

SUBCOMMANDS = ("import", "export", "merge", "agree", "codebook", "network", "search", "tag-all", "suggest")


def _parser() -> argparse.ArgumentParser:
    from annotator import formats

    parser = argparse.ArgumentParser(prog="annotator", description="Annotate who claims what about which issue.")
    sub = parser.add_subparsers(dest="command", required=True)

    readable = ", ".join(formats.readable_suffixes())
    imp = sub.add_parser("import", help=f"import files into a project ({readable})",
                         description=f"Import files into a project. Annotator reads {readable}.")
    imp.add_argument("project", type=Path)
    imp.add_argument("files", type=Path, nargs="+", help=f"files or folders (read recursively) to import ({readable})")
    imp.add_argument("--annotator", metavar="NAME",
                     help="the analyst of spans that name none (default: your user name); spans "
                          "that name their analyst stay theirs. To hand a colleague texts without "
                          "your spans, export them with `annotator export PROJECT --texts-only`")
    imp.add_argument("--encoding", metavar="NAME", help="encoding of legacy text files (.txt, .md, .rtf, .html) "
                     "that are not UTF-8, e.g. cp1252, or 'auto' to guess it (default: UTF-8 only)")
    imp.add_argument("--text-column", metavar="NAME", help="spreadsheets: the column with the text, by header or "
                     "number from 1 (default: one called text, body, content, article or full_text)")
    imp.add_argument("--id-column", metavar="NAME", help="spreadsheets: the column with each document's id "
                     "(default: one called id, doc_id, document_id, article_id or url; \"\" or none: FILE-ROW)")

    writable = ", ".join(f"{writer.name} ({writer.description})" for writer in formats.WRITERS)
    exp = sub.add_parser("export", help=f"export annotations ({', '.join(formats.writer_names())})",
                         description=f"Export annotations. Formats: {writable}.")
    exp.add_argument("project", type=Path)
    exp.add_argument("-o", "--output", type=Path, required=True)
    exp.add_argument("--format", metavar="NAME",
                     help=f"one of {', '.join(formats.writer_names())} (default: the format OUTPUT's "
                          f"suffix names, else {formats.DEFAULT_WRITER})")
    layers = exp.add_mutually_exclusive_group()
    layers.add_argument("--annotator", action="append", default=[], metavar="NAME",
                        help="export only this annotator's layer (repeatable; with --gold, gold's too)")
    layers.add_argument("--texts-only", action="store_true",
                        help="export the documents without any spans (texts for a colleague to code)")
    exp.add_argument("--gold", action="store_true", help="export the gold (reviewed) layer")
    exp.add_argument("--align", choices=formats.ALIGN_MODES, default="strict",
                     help="spacy, iob, hf: a span whose edges are not word-token edges is left out "
                          "(strict, the default), widened to the tokens it touches (expand) or "
                          "narrowed to the tokens inside it (contract); each is counted")

    merge = sub.add_parser("merge", help="merge other analysts' project files into PROJECT")
    merge.add_argument("project", type=Path)
    merge.add_argument("others", type=Path, nargs="+")

    agree = sub.add_parser("agree", help="inter-annotator agreement (span F1, Cohen's kappa, "
                                         "Krippendorff's alpha)")
    agree.add_argument("project", type=Path)
    agree.add_argument("--annotators", nargs="+", metavar="NAME",
                       help="annotators to compare (default: all but gold)")
    output = agree.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the figures as JSON")
    output.add_argument("--csv", action="store_true", help="print the figures as CSV (a spreadsheet opens it)")
    agree.add_argument("--by-document", action="store_true",
                       help="figures per document too (by default: corpus, per label and per pair)")
    _codebook_parser(sub)
    _network_parser(sub)
    _search_parser(sub)
    _tag_all_parser(sub)
    _suggest_parser(sub)
    return parser


def _tag_all_parser(sub: argparse._SubParsersAction) -> None:
    tag = sub.add_parser("tag-all", help="tag every whole-word occurrence of some words in one analyst's layer",
                         description="Tag every whole-word occurrence of --text as --label in one analyst's "
                                     "layer, in the whole corpus or one document, in one transaction. "
                                     "Occurrences that layer has a span of that label at or over are skipped.")
    tag.add_argument("project", type=Path)
    tag.add_argument("--text", required=True, help="the words, exactly as they stand (case aside)")
    tag.add_argument("--label", required=True, help="the label to tag them with")
    tag.add_argument("--analyst", metavar="NAME", help="whose layer (default: your user name)")
    tag.add_argument("--document", metavar="ID", help="only this document (its id, as exported)")
    tag.add_argument("--match-case", action="store_true", help="only the same case (default: case ignored)")


def _suggest_parser(sub: argparse._SubParsersAction) -> None:
    suggest = sub.add_parser(
        "suggest", help="suggest spans from the registry's names, the codebook's patterns, a spaCy pipeline",
        description="Add suggestions (a layer of their own, reviewed in the window) and print what each "
                    "source added, how many places each source has suggested and, for each analyst who "
                    "decided some, how many they accepted and rejected. Each analyst decides for "
                    "themselves: a place they accepted or rejected is not suggested to them again.")
    suggest.add_argument("project", type=Path)
    suggest.add_argument("--model", metavar="NAME", help="an installed spaCy pipeline (or its directory); its "
                         "labels map to ours as the codebook's model_labels say (default: the same name)")
    suggest.add_argument("--no-registry", action="store_true", help="not from the registry's names and aliases")
    suggest.add_argument("--no-patterns", action="store_true", help="not from the codebook's patterns")
    suggest.add_argument("--document", action="append", default=[], metavar="ID",
                         help="only this document (its id: file name, JSONL's \"id\"; repeatable)")
    suggest.add_argument("--clear", action="store_true",
                         help="first forget these sources' suggestions (on these documents) that nobody has decided")
    suggest.add_argument("--json", action="store_true", help="print the figures as JSON")


def _network_parser(sub: argparse._SubParsersAction) -> None:
    from annotator import networks

    net = sub.add_parser("network", help="a discourse network of the claims (GraphML or CSV)",
                         description="Write the discourse network of PROJECT's claims, as DNA draws them.")
    net.add_argument("project", type=Path)
    net.add_argument("-o", "--output", type=Path, required=True, help="OUT.graphml or OUT.csv (an edge list)")
    net.add_argument("--mode", choices=networks.MODES, default="actor-issue",
                     help="actor-issue (two-mode, the default) or actor-category; congruence or conflict "
                          "(one-mode: actors tied by the issues they both support or both oppose, or on "
                          "which they take opposite stances)")
    net.add_argument("--via", choices=networks.VIA, default="issue",
                     help="congruence, conflict: count shared issues (the default) or categories")
    net.add_argument("--stance", choices=networks.STANCE_FILTERS, default="all",
                     help="count only the claims of this stance (default: all)")
    net.add_argument("--from", dest="date_from", default="", metavar="YYYY-MM-DD",
                     help="only documents dated on or after this day (undated ones are left out)")
    net.add_argument("--to", dest="date_to", default="", metavar="YYYY-MM-DD",
                     help="only documents dated on or before this day (undated ones are left out)")
    layers = net.add_mutually_exclusive_group()
    layers.add_argument("--annotator", action="append", default=[], metavar="NAME",
                        help="only this analyst's claims (repeatable; default: every layer)")
    layers.add_argument("--gold", action="store_true", help="only the gold (reviewed) layer's claims")


def _search_parser(sub: argparse._SubParsersAction) -> None:
    search = sub.add_parser(
        "search", help="find words in the corpus (FTS5: words, \"phrases\", prefix*, AND/OR/NOT, NEAR)",
        description="Print each hit as document id, start, end (code points, end exclusive: "
                    "text[start:end] is the hit) and a snippet. Filters: date:FROM..TO, "
                    "meta:FIELD=VALUE, without:ANALYST/LABEL, actor:NAME, issue:NAME.")
    search.add_argument("project", type=Path)
    search.add_argument("query", help='e.g. \'"peace talks" OR ceasefire* date:2024..\'')
    search.add_argument("--json", action="store_true", help="one JSON object per hit and line")
    search.add_argument("--limit", type=int, default=100, metavar="N", help="at most N hits (default 100; 0: all)")


def _codebook_parser(sub: argparse._SubParsersAction) -> None:
    codebook = sub.add_parser("codebook", help="share the codebook: labels, claim categories, stances, registry")
    actions = codebook.add_subparsers(dest="codebook_command", required=True)
    out = actions.add_parser("export", help="write PROJECT's codebook to a JSON file")
    out.add_argument("project", type=Path)
    out.add_argument("-o", "--output", type=Path, required=True)
    into = actions.add_parser("import", help="merge a codebook file into PROJECT (by id; nothing removed)")
    into.add_argument("project", type=Path)
    into.add_argument("file", type=Path)


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
        if args.project is not None:
            from annotator.store import refuse_document_path

            refuse_document_path(args.project)  # before any window: one line, not a dialog
        from annotator.ui.app import run_window

        return run_window(args.project)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run_subcommand(args: argparse.Namespace) -> int:
    """Runs one subcommand; the store reports its own failures as `AnnotatorError`s."""
    from annotator import transfer
    from annotator.progress import terminal_progress
    from annotator.store import Project
    from annotator.store.schema import migration_progress

    if sys.stderr.isatty():
        migration_progress.set(lambda what, done, total: print(
            f"\r{what}: {done:,} of {total:,} documents", end="\n" if done == total else "",
            file=sys.stderr, flush=True))
    if args.command == "import":
        with terminal_progress("importing files") as progress:
            report = transfer.import_files(args.project, args.files, args.annotator or transfer.default_analyst(),
                                           {"encoding": args.encoding, "text_column": args.text_column,
                                            "id_column": args.id_column}, progress)
        print(f"{args.project}: {report.summary()}")
    elif args.command == "export":
        from annotator import formats

        formats.writer_for(args.format, args.output)  # a wrong --format is refused before the project is opened
        if args.texts_only and args.gold:
            raise AnnotatorError("--texts-only writes no layer, so not gold's either: give one of the two")
        with Project(args.project, create=False) as project, terminal_progress("exporting documents") as progress:
            report = transfer.export_annotations(project, args.output, args.annotator, args.gold, args.format,
                                                 formats.ExportOptions(align=args.align),
                                                 texts_only=args.texts_only, progress=progress)
        print(f"{args.output}: {report.summary()}")
    elif args.command == "merge":
        return _merge(args)
    elif args.command == "agree":
        return _agree(args)
    elif args.command == "codebook":
        return _codebook(args)
    elif args.command == "network":
        with Project(args.project, create=False) as project:
            network = transfer.network_project(project, args.output, args.mode, stance=args.stance, via=args.via,
                                               date_from=args.date_from, date_to=args.date_to,
                                               annotators=args.annotator, gold=args.gold)
        print(f"{args.output}: {network.summary()}")
    elif args.command == "search":
        return _search(args)
    elif args.command == "tag-all":
        from annotator.tag_everywhere import summary

        with Project(args.project, create=False) as project, terminal_progress("reading documents") as progress:
            plan, added = transfer.tag_all(project, args.text, args.label, args.analyst or transfer.default_analyst(),
                                           args.document, args.match_case, progress)
        print(f"{args.project}: {summary(plan, added, args.text, 'in this document' if args.document else None)}")
    elif args.command == "suggest":
        return _suggest(args)
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from annotator import transfer
    from annotator.model import ACCEPTED, REJECTED
    from annotator.progress import terminal_progress
    from annotator.store import Project
    from annotator.suggest import summary_total
    from annotator.wording import plural

    with Project(args.project, create=False) as project, terminal_progress("suggesting") as progress:
        report = transfer.suggest(project, args.document, registry=not args.no_registry,
                                  patterns=not args.no_patterns, model=args.model, clear=args.clear,
                                  progress=progress)
        summary = project.suggestion_summary()
    total = summary_total(summary)
    if args.json:
        print(json.dumps({"documents": report.documents, "added": report.added, "added_by_source": report.by_source,
                          "cleared": report.cleared, "by_source": summary, "total": total}, ensure_ascii=False))
        return 0
    print(f"{args.project}: {report.summary()}")
    for source, counts in [*summary.items(), ("total", total)]:
        print(f"{source}: {plural(counts['places'], 'place')}" + "".join(
            f"; {name}: " + ", ".join(f"{decided[status]} {status}" for status in (ACCEPTED, REJECTED))
            for name, decided in counts["analysts"].items()))
    return 0


def _search(args: argparse.Namespace) -> int:
    from annotator.search_query import parse_query
    from annotator.store import Project

    query = parse_query(args.query)  # a malformed filter is refused before the project is opened
    with Project(args.project, create=False) as project:
        found = project.iter_search(query)
        try:
            for count, hit in enumerate(found, 1):
                if args.json:
                    line = json.dumps({"document": hit.external_id, "field": hit.field, "start": hit.start,
                                       "end": hit.end, "snippet": hit.snippet, "title": hit.title,
                                       "date": hit.date}, ensure_ascii=False)
                else:
                    where = "" if hit.field == "text" else f" ({hit.field})"
                    line = f"{hit.external_id}\t{hit.start}\t{hit.end}{where}\t{hit.snippet}"
                sys.stdout.write(line + "\n")
                if count == args.limit:
                    break
            sys.stdout.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)  # see _agree
            os.dup2(devnull, sys.stdout.fileno())
            return 1
    return 0


def _codebook(args: argparse.Namespace) -> int:
    from annotator import transfer
    from annotator.store import Project

    if args.codebook_command == "export":
        with Project(args.project, create=False) as project:
            count = transfer.export_codebook(project, args.output)
        print(f"{args.output}: codebook written ({count} registry entries)")
        return 0
    report = transfer.import_codebook(args.project, args.file)
    print(f"{args.file}: {report.summary()}")
    for conflict in report.conflicts:
        print(f"annotator: disagreement: {conflict}", file=sys.stderr)
    return 0


def _agree(args: argparse.Namespace) -> int:
    from annotator.progress import terminal_progress
    from annotator.review.report import project_agreement
    from annotator.store import Project

    with Project(args.project, create=False) as project, terminal_progress("reading documents") as progress:
        report = project_agreement(project, args.annotators, by_document=args.by_document, progress=progress)
    try:
        if args.csv:
            report.write_csv(sys.stdout)
        elif args.json:
            sys.stdout.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(report.to_text())
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader left (`annotator agree P | head`): not an error. Python would report the
        # failed flush at exit, so what is still buffered goes to devnull instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


def _merge(args: argparse.Namespace) -> int:
    from annotator.progress import terminal_progress
    from annotator.store import Project, refuse_document_path

    for other in args.others:
        refuse_document_path(other)  # before PROJECT is opened, or created
    conflicts = []
    with Project(args.project) as project:
        for other in args.others:
            with terminal_progress(f"merging {other.name}") as progress:
                report = project.merge_project(other, progress)
            print(f"{other}: {report.summary()}")
            conflicts += report.conflicts + report.registry_conflicts
    for conflict in conflicts:
        print(f"annotator: conflict: {conflict}", file=sys.stderr)
    return 1 if conflicts else 0
