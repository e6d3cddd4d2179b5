"""Moving annotations in and out of a project: import files, export JSONL, build the demo.

Each function here is what one CLI subcommand or menu item does, so the window and
the command line behave the same.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from annotator.codebook import read_codebook, write_codebook
from annotator.errors import AnnotatorError, BadFiles, BadInput
from annotator.formats import ExportOptions, ExportReport, check_options, read_any, reader_for, writer_for
from annotator.formats.plaintext import check_encoding
from annotator.model import Record
from annotator.networks import NETWORK_SUFFIXES, Network, build_network, write_network
from annotator.progress import Progress, counted, report as report_progress
from annotator.resources import EXAMPLE_ANALYSTS, seed_layers, seed_texts
from annotator.store import CodebookReport, ImportReport, Project
from annotator.tag_everywhere import TagAllPlan

if TYPE_CHECKING:
    from annotator.suggest import SuggestReport

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def default_analyst() -> str:
    """The OS user name, the analyst's name until they give another."""
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers); any name beats failing
        return "analyst"


def import_into(project: Project, files: Iterable[str | Path], annotator: str,
                options: Mapping[str, Any] | None = None, progress: Progress | None = None) -> ImportReport:
    """Imports every file, and every readable file under a folder, in one transaction.

    If any file is bad, nothing is imported, but every file is still read so that all the
    bad ones are reported at once: one bad file raises its own error (`BadInput`,
    `DocumentConflict`), several raise `BadFiles` naming each. Files in folders that no
    reader takes are skipped and listed in the report.

    `options` go to the readers that take them (`Reader.options`): `encoding` for legacy
    text files (a codec name, or "auto"; see `formats.plaintext`), a spreadsheet's
    `text_column` and `id_column`. An option set to None is not given; one that no file
    of the batch takes is refused.

    `progress` (see `annotator.progress`) counts files read, and is asked after every
    document whether to go on; a cancel rolls the whole import back (`Cancelled`)."""
    options = {key: value for key, value in (options or {}).items() if value is not None}
    check_encoding(options.get("encoding"))
    found, skipped = _files_to_read(files)
    check_options([path for path, _folder in found], options)
    problems: dict[str, AnnotatorError] = {}  # the first problem of each bad file

    def records() -> Iterator[Record]:
        for done, (path, folder) in enumerate(found):
            report_progress(progress, done, len(found))
            try:
                for record in read_any(path, options):
                    yield _named_for_folder(record, path, folder) if folder else record
                    report_progress(progress, done, len(found))
            except BadInput as exc:
                problems.setdefault(str(path), exc)
        report_progress(progress, len(found), len(found))
        if problems:  # raised inside the transaction, so it is rolled back
            bad = list(problems.values())
            raise bad[0] if len(bad) == 1 else BadFiles(bad, len(found))

    report = project.import_records(records(), default_annotator=annotator,
                                    on_bad_record=lambda record, exc: problems.setdefault(record.path, exc))
    report.skipped = [str(path) for path in skipped]
    return report


def _files_to_read(files: Iterable[str | Path]) -> tuple[list[tuple[Path, Path | None]], list[Path]]:
    """Each file given, and each readable file under each folder given (paired with that
    folder), in a stable order: a folder's files sorted by their path inside it. Then the
    files under those folders that no reader takes."""
    found: list[tuple[Path, Path | None]] = []
    skipped: list[Path] = []
    for given in map(Path, files):
        if not given.is_dir():
            found.append((given, None))
            continue
        for path in _folder_files(given):
            if _readable(path):
                found.append((path, given))
            else:
                skipped.append(path)
    return found, skipped


def _folder_files(folder: Path) -> list[Path]:
    """The files under `folder`, recursively, sorted; hidden files and folders (.git,
    .DS_Store) and Office's lock files (~$report.docx) are not an analyst's documents."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(root, name) for name in names if not name.startswith((".", "~$"))]
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _readable(path: Path) -> bool:
    try:
        reader_for(path)
    except BadInput:
        return False
    return True


def _named_for_folder(record: Record, path: Path, folder: Path) -> Record:
    """A document named by its file (not by ids inside it, as JSONL's are) is named by its
    path inside the folder, `2024/summary`, so that `2023/summary.docx` is another one."""
    document = record.document
    if document.external_id != path.stem:
        return record
    inside = path.relative_to(folder)
    return replace(record, document=replace(document, external_id=inside.with_suffix("").as_posix(),
                                            source=inside.as_posix()))


def import_files(project_path: str | Path, files: Iterable[str | Path], annotator: str,
                 options: Mapping[str, Any] | None = None, progress: Progress | None = None) -> ImportReport:
    """`annotator import`: creates the project if needed; on bad input leaves it as it was
    (and a project this call created is removed again)."""
    project_path = Path(project_path)
    existed = project_path.exists()
    try:
        with Project(project_path) as project:
            return import_into(project, files, annotator, options, progress)
    except BaseException:
        if not existed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{project_path}{suffix}").unlink(missing_ok=True)
        raise


def export_project(project: Project, out: str | Path, annotators: Iterable[str] = (),
                   gold: bool = False, format: str | None = None, texts_only: bool = False) -> int:
    """`export_annotations`, for callers that want only the number of documents written."""
    return export_annotations(project, out, annotators, gold, format, texts_only=texts_only).documents


def export_annotations(project: Project, out: str | Path, annotators: Iterable[str] = (),
                       gold: bool = False, format: str | None = None,
                       options: ExportOptions | None = None, texts_only: bool = False,
                       progress: Progress | None = None) -> ExportReport:
    """Writes the chosen layers to `out` in the named format (by default the one `out`'s
    suffix calls for, else JSONL) and says what was written, and what was moved or left out
    (spans that do not fit a token-based format). Every document is written; choosing no
    layer means every layer, and `texts_only` means none (the texts to hand a colleague who
    will code them afresh). An unknown format is refused before anything is read or written.
    `progress` counts documents; a cancel (`Cancelled`) leaves no file (`formats.atomic`)."""
    writer = writer_for(format, out)
    wanted = [] if texts_only else project.layer_ids(annotators, gold=gold)
    records = (project.iter_records(wanted) if writer.takes_records
               else project.iter_documents_with_spans(wanted, as_data=True))
    if progress is not None:
        records = counted(records, project.document_count(), progress)
    return writer.export(Path(out), records, options)


def network_project(project: Project, out: str | Path, mode: str = "actor-issue", *, stance: str = "all",
                    via: str = "issue", date_from: str = "", date_to: str = "",
                    annotators: Iterable[str] = (), gold: bool = False) -> Network:
    """`annotator network`: the discourse network of the chosen layers' claims (every layer
    unless some are named), within the documents' dates, written to `out` as GraphML or CSV
    (by its suffix). Bad choices are refused before anything is read or written."""
    if Path(out).suffix.lower() not in NETWORK_SUFFIXES:
        raise AnnotatorError(f"{out}: a network is written as .graphml or .csv")
    for name, date in (("--from", date_from), ("--to", date_to)):
        if date and not _ISO_DATE.fullmatch(date):
            raise AnnotatorError(f"{name} takes a date as YYYY-MM-DD, not {date!r}")
    wanted = project.layer_ids(annotators, gold=gold)
    entities = {entity.id: entity for entity in project.entities(include_retired=True)}
    try:
        network = build_network(project.iter_statements(wanted, date_from, date_to), mode, stance=stance, via=via,
                                entities=entities, categories=project.claim_categories())
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from None
    write_network(out, network)
    return network


def export_codebook(project: Project, out: str | Path) -> int:
    """`annotator codebook export`: labels, claim categories, the stance scale and the registry
    (with ids) to one file; returns the number of registry entries written."""
    codebook = project.codebook()
    write_codebook(out, codebook)
    return len(codebook.entities)


def import_codebook_into(project: Project, path: str | Path) -> CodebookReport:
    """Merges a team's codebook into an open project by identity, in one transaction. The
    file is checked whole first: on bad input the project is left as it was."""
    return project.import_codebook(read_codebook(path), str(path))


def import_codebook(project_path: str | Path, path: str | Path) -> CodebookReport:
    """`annotator codebook import`: the file is read and checked before the project is opened
    (or created), so bad input leaves no trace."""
    codebook = read_codebook(path)
    with Project(project_path) as project:
        return project.import_codebook(codebook, str(path))


def build_demo_project(path: str | Path) -> Path:
    """Makes the demo project from the shipped sample texts, unless it already exists: the
    sample interview with two example analysts' layers (under their fixed ids), which agree
    on most spans and differ in a label, two boundaries and a few spans only one has, so that
    review mode and agreement have something to show. The analyst's own layer starts empty."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    partial.unlink(missing_ok=True)
    with Project(partial) as project:
        for analyst in EXAMPLE_ANALYSTS:
            project.ensure_annotator(analyst.name, analyst.id)
        import_into(project, [*seed_texts(), *seed_layers()], default_analyst())
        project.checkpoint()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return path


def tag_all(project: Project, words: str, label: str, analyst: str, document: str | None = None,
            match_case: bool = False, progress: Progress | None = None) -> tuple[TagAllPlan, int]:
    """Tags every whole-word occurrence of `words` as `label` in `analyst`'s layer (made if
    the project lacks them, as import does), in one document (its id, as exported) or the
    whole corpus, skipping what that layer has tagged `label` there already
    (`annotator.tag_everywhere`); one transaction. Returns the plan and how many spans it added."""
    if not words.strip():
        raise AnnotatorError("--text is empty: give the words to tag")
    if label not in {known.name for known in project.labels()}:
        raise AnnotatorError(f"no label {label!r} in this project "
                             f"(labels: {', '.join(known.name for known in project.labels())})")
    document_id = None
    if document is not None:
        document_id = project.document_id_of(document)
        if document_id is None:
            raise AnnotatorError(f"no document {document!r} in this project")
    annotator = project.ensure_annotator(analyst)
    plan = project.plan_tag_all(words, label, annotator.id, document_id=document_id, match_case=match_case,
                                progress=progress)
    added = project.add_spans(label, annotator.id, plan.new) if plan.new else []
    return plan, len(added)


def suggest(project: Project, documents: Sequence[str] = (), *, registry: bool = True, patterns: bool = True,
            model: str | None = None, clear: bool = False, progress: Progress | None = None) -> SuggestReport:
    """Adds suggestions from the chosen sources (`annotator.suggest`) to the documents of
    these ids (as exported; none: every document)."""
    from annotator.suggest import SuggestOptions, suggest as make_suggestions

    if not (registry or patterns or model):
        raise AnnotatorError("nothing to suggest from: drop --no-registry or --no-patterns, or give --model NAME")
    ids = [project.document_id_of(external_id) for external_id in documents]
    if None in ids:
        raise AnnotatorError(f"{project.path}: no document {documents[ids.index(None)]!r}")
    options = SuggestOptions(registry=registry, patterns=patterns, model=model, document_ids=ids or None,
                             clear=clear)
    return make_suggestions(project, options, progress)
