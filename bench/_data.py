"""Deterministic bench data: English-like texts, spans over them, JSONL files and projects.

Everything is drawn from `random.Random(seed)`, so the same arguments give the same
bytes on every machine. Texts are news-interview prose: sentences of common words
(Zipf-weighted), names, numbers, curly quotes and dashes, paragraphs separated by a
blank line, and now and then an emoji outside the BMP (two UTF-16 units in Qt, one
code point in Python), so offset conversion is exercised.

Spans cover 1–12 whole words; about a quarter are nested inside an earlier span
(an Actor inside a Claim), the rest start at random words and may overlap.
Offsets are code points, end exclusive, as everywhere in Annotator.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABELS = ("Claim", "Actor", "Issue")          # the default codebook (hotkeys 1–3)
ANNOTATORS = ("Ben", "Chloe")                 # layers already in the bench projects


def _words(text: str) -> list[str]:
    return text.split()


_FUNCTION = _words("""
the of and to a in that is was it for on as with be by at this are from or have an they which
not but had his we their been has were there can all would will when who one more so what its
also if about into than them some could these other may then only do over such our most after
before because while where however both those many very through between under again""")

_CONTENT = _words("""
government minister talks ceasefire agreement negotiations embassy sanctions border troops
security president parliament election policy economy energy gas oil prices trade market region
conflict peace war delegation summit officials statement meeting dialogue proposal framework
pressure support question answer interview analyst situation country countries people city
villages infrastructure nuclear power plant exports imports budget reform court law rights
journalists report reports evidence crisis refugees humanitarian aid convoy corridor military
forces airport port railway bridge grain harvest farmers workers unions strike protest
protesters coalition opposition party parties vote referendum constitution treaty alliance
partners allies neighbours capital province district council mayor governor spokesman
spokeswoman ambassador foreign domestic national international regional local economic political
strategic technical important possible difficult recent current previous likely serious direct
public private significant effectively particularly primarily specifically certainly clearly
already still said says told asked agreed denied announced warned expects believes argued
insisted suggested confirmed rejected accepted signed discussed prepared deployed reached
outlined remains remain decided continue continues begin began offer offered demand demanded
claim claimed plan planned week month year years months weeks today yesterday tomorrow morning
evening decade history future water food schools hospitals roads houses families children
students teachers doctors nurses companies banks investors loans debt inflation growth jobs
wages taxes spending deficit currency""")

_NAMES = _words("""
Ankara Istanbul Moscow Washington Kyiv Brussels Geneva Vienna Paris Berlin London Beijing Tehran
Doha Cairo Warsaw Minsk Baku Tbilisi Yerevan Europe Russia Ukraine Turkey America China Putin
Trump Erdogan Zelensky Macron Scholz Lavrov Rubio Witkoff Ozer NATO UN EU OSCE IAEA""")

_EMOJI = ["🙂", "👍", "🔥", "🙏", "🎉", "📉", "📈", "🕊️", "🇺🇦", "🇹🇷", "😀", "🤝"]
_WORD = re.compile(r"[\w’'-]+")


def _cumulative(words: list[str]) -> list[float]:
    """Zipf-like weights by rank, cumulated for random.choices."""
    total, cum = 0.0, []
    for rank in range(len(words)):
        total += 1.0 / (rank + 1) ** 0.9
        cum.append(total)
    return cum


_KINDS = ((_FUNCTION, _cumulative(_FUNCTION)), (_CONTENT, _cumulative(_CONTENT)),
          (_NAMES, _cumulative(_NAMES)))
_KIND_WEIGHTS = (0.45, 0.47, 0.08)        # function words, content words, names


@dataclass(frozen=True)
class SpanSpec:
    start: int
    end: int
    label: str
    annotator: str


class TextMaker:
    """Paragraphs of English-like sentences from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def sentence(self) -> str:
        rng = self.rng
        n = rng.randint(5, 28)
        draws = [rng.choices(words, cum_weights=cum, k=n) for words, cum in _KINDS]
        kinds = rng.choices((0, 1, 2), _KIND_WEIGHTS, k=n)
        words = [draws[kind][i] for i, kind in enumerate(kinds)]
        if rng.random() < 0.12:
            words.insert(rng.randrange(n), str(rng.choice((rng.randint(2, 99), rng.randint(1990, 2026)))))
        if rng.random() < 0.15:
            i = rng.randrange(1, n)
            words[i] = words[i] + ","
        text = " ".join(words)
        if rng.random() < 0.08:
            text = f"“{text}”"
        if rng.random() < 0.06:
            text = text.replace(" ", " — ", 1)
        end = rng.choices((".", "?", "!", "…"), (0.86, 0.09, 0.03, 0.02))[0]
        sentence = text[0].upper() + text[1:] + end
        if rng.random() < 0.03:
            sentence += " " + rng.choice(_EMOJI)
        return sentence

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 8)))

    def text(self, size_bytes: int) -> str:
        """About `size_bytes` of UTF-8 (a little over), whole paragraphs, blank line between."""
        parts: list[str] = []
        size = 0
        while size < size_bytes:
            paragraph = self.paragraph()
            if self.rng.random() < 0.2:
                paragraph = "– " + paragraph            # an interview turn
            parts.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        return "\n\n".join(parts)


def make_spans(text: str, count: int, seed: int, annotators: tuple[str, ...] = ANNOTATORS,
               nested_share: float = 0.25) -> list[SpanSpec]:
    """`count` distinct spans of 1–12 whole words; `nested_share` of them inside an earlier one."""
    rng = random.Random(seed)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return []
    seen: set[tuple[int, int, str, str]] = set()
    made: list[tuple[int, int]] = []          # word-index ranges of spans made so far
    spans: list[SpanSpec] = []
    attempts = 0
    while len(spans) < count and attempts < count * 20:
        attempts += 1
        if made and rng.random() < nested_share:
            first, last = made[rng.randrange(len(made))]
            if last == first:
                continue
            a = rng.randint(first, last)
            b = rng.randint(a, min(last, a + 11))
        else:
            a = rng.randrange(len(words))
            b = min(len(words) - 1, a + rng.randint(0, 11))
        start, end = words[a][0], words[b][1]
        label = rng.choice(LABELS)
        annotator = rng.choice(annotators)
        key = (start, end, label, annotator)
        if key in seen:
            continue
        seen.add(key)
        made.append((a, b))
        spans.append(SpanSpec(start, end, label, annotator))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def record(doc_id: str, text: str, spans: list[SpanSpec], title: str = "", date: str = "",
           source: str = "bench") -> dict:
    """One JSONL line in Annotator's format (see annotator.formats.jsonl)."""
    return {
        "id": doc_id,
        "text": text,
        "meta": {"title": title or doc_id, "date": date, "source": source},
        "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end],
                   "annotator": s.annotator, "annotator_id": f"id-{s.annotator}"} for s in spans],
    }


def _dump(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- the documents the window benchmarks open ------------------------------------------------

def single_document(size_bytes: int, span_count: int, seed: int) -> tuple[str, list[SpanSpec]]:
    text = TextMaker(seed).text(size_bytes)
    return text, make_spans(text, span_count, seed + 1)


def window_project(directory: Path, size_bytes: int, span_count: int, seed: int = 7) -> tuple[Path, int, int]:
    """A project whose first document is a short note and whose second is the big one, so a
    window opens on the note and the bench can time opening the big one.
    Returns (project path, id of the short note, id of the big document). Reused if present."""
    from annotator import transfer
    from annotator.store import Project

    name = f"window-{size_bytes // 1000}k-{span_count}-s{seed}"
    path = directory / f"{name}.annotator.db"
    if not path.exists():
        short = TextMaker(seed + 100).text(2_000)
        text, spans = single_document(size_bytes, span_count, seed)
        jsonl = directory / f"{name}.jsonl"
        with open(jsonl, "wb") as handle:
            handle.write(_dump(record("note", short, [], title="A short note", date="2025-04-16")) + b"\n")
            handle.write(_dump(record("big", text, spans, title=f"Big document ({size_bytes:,} bytes)",
                                      date="2025-04-17")) + b"\n")
        partial = path.with_suffix(".partial")
        transfer.import_files(partial, [jsonl], "Ben")
        with Project(partial) as project:
            project.checkpoint()
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.rename(path)
        jsonl.unlink()
    with Project(path) as project:
        ids = {info.external_id: info.id for info in project.documents()}
    return path, ids["note"], ids["big"]


def working_copy(project: Path) -> Path:
    """A fresh copy of a generated project to measure on, so tags made by one run never
    meet the next one (and a reused --data-dir stays pristine)."""
    import shutil

    copy = project.with_name(project.name.replace(".annotator.db", ".work.annotator.db"))
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(project, copy)
    return copy


# -- the corpus the import/export benchmarks move ---------------------------------------------

def corpus_records(documents: int, spans: int, seed: int = 11,
                   annotators: tuple[str, ...] = ANNOTATORS) -> Iterator[dict]:
    """`documents` texts of ~0.3–2 KB with `spans` spans in all (about the mean per document ±
    the mean, the running total kept on target), drawn by `annotators`."""
    maker = TextMaker(seed)
    rng = random.Random(seed + 1)
    mean = spans / documents
    jitter = max(1, round(mean))
    produced = 0
    for n in range(documents):
        text = maker.text(rng.randint(300, 2_000))
        if n == documents - 1:
            want = spans - produced
        else:   # vary around the mean, but keep the running total on target
            want = max(0, round((n + 1) * mean) - produced + rng.randint(-jitter, jitter))
        doc_spans = make_spans(text, want, seed + n, annotators=annotators, nested_share=0.2)
        produced += len(doc_spans)
        yield record(f"doc-{n:06d}", text, doc_spans, title=f"Interview {n}",
                     date=f"20{10 + n % 16:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                     source=rng.choice(("News.Az", "wire", "transcript", "blog")))


def corpus_jsonl(directory: Path, documents: int, spans: int, seed: int = 11,
                 annotators: tuple[str, ...] = ANNOTATORS) -> tuple[Path, int]:
    """Writes (or reuses) the corpus as JSONL. Returns (path, spans actually written)."""
    layers = "" if annotators == ANNOTATORS else "-" + "-".join(annotators)
    path = directory / f"corpus-{documents}-{spans}-s{seed}{layers}.jsonl"
    count_file = path.with_suffix(".count")
    if not path.exists() or not count_file.exists():
        total = 0
        partial = path.with_suffix(".partial")
        with open(partial, "wb") as handle:
            for obj in corpus_records(documents, spans, seed, annotators):
                total += len(obj["spans"])
                handle.write(_dump(obj) + b"\n")
        partial.rename(path)
        count_file.write_text(str(total))
    return path, int(count_file.read_text())


# -- two analysts' layers over one corpus, for `annotator agree` ----------------------------------

TEAM = ("Ana", "Ben")


def _second_opinion(text: str, first: list[SpanSpec], rng: random.Random, words: list[tuple[int, int]],
                    annotator: str) -> list[SpanSpec]:
    """Another analyst's reading of the same text: most of `first` kept, some moved by a word or
    two, relabelled or missed, and a few spans of their own."""
    ends = [end for _, end in words]
    second: set[tuple[int, int, str]] = set()
    for span in first:
        roll = rng.random()
        if roll < 0.12:
            continue                                      # missed
        start, end, label = span.start, span.end, span.label
        if roll < 0.22:                                   # boundary drift: the end moves a word or two
            index = min(len(ends) - 1, max(0, ends.index(end) + rng.choice((-2, -1, 1, 2))))
            end = max(ends[index], start + 1)
        elif roll < 0.30:
            label = rng.choice([other for other in LABELS if other != label])
        second.add((start, end, label))
    for _ in range(round(len(first) * 0.12)):             # found by this analyst only
        a = rng.randrange(len(words))
        b = min(len(words) - 1, a + rng.randint(0, 8))
        second.add((words[a][0], words[b][1], rng.choice(LABELS)))
    return [SpanSpec(start, end, label, annotator) for start, end, label in sorted(second)]


def agreement_records(documents: int, spans: int, seed: int = 23) -> Iterator[dict]:
    """`documents` texts of ~1.2–2.6 KB (about 300 word tokens each), each coded by both analysts of
    `TEAM`, with `spans` spans in all: the second analyst mostly agrees with the first."""
    maker = TextMaker(seed)
    rng = random.Random(seed + 1)
    per_document = spans / documents / 2 * 1.01    # a few drawn twice are dropped
    for n in range(documents):
        text = maker.text(rng.randint(1_200, 2_600))
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        want = max(1, round(per_document + rng.uniform(-3, 3)))
        first = make_spans(text, want, seed + n, annotators=TEAM[:1], nested_share=0.2)
        second = _second_opinion(text, first, rng, words, TEAM[1])
        yield record(f"agree-{n:06d}", text, first + second, title=f"Interview {n}")


def agreement_project(directory: Path, documents: int, spans: int, seed: int = 23) -> tuple[Path, int]:
    """Writes (or reuses) a project of `agreement_records`. Returns (path, spans in it)."""
    from annotator import transfer
    from annotator.store import Project

    path = directory / f"agree-{documents}-{spans}-s{seed}.annotator.db"
    count_file = path.with_suffix(".count")
    if not path.exists() or not count_file.exists():
        jsonl = path.with_suffix(".jsonl")
        with open(jsonl, "wb") as handle:
            for obj in agreement_records(documents, spans, seed):
                handle.write(_dump(obj) + b"\n")
        partial = path.with_suffix(".partial")
        _remove_project(partial)
        report = transfer.import_files(partial, [jsonl], TEAM[0])
        with Project(partial) as project:
            project.checkpoint()
        _remove_project(partial, keep_main=True)
        partial.rename(path)
        jsonl.unlink()
        count_file.write_text(str(report.spans_added))
    return path, int(count_file.read_text())


def project_of(jsonl: Path, annotator: str) -> Path:
    """A project imported from `jsonl` as one analyst's (a colleague's file to merge), reused if
    present."""
    from annotator import transfer
    from annotator.store import Project

    path = jsonl.with_suffix(f".{annotator}.annotator.db")
    if not path.exists():
        partial = path.with_suffix(".partial")
        _remove_project(partial)
        transfer.import_files(partial, [jsonl], annotator)
        with Project(partial) as project:
            project.checkpoint()
        _remove_project(partial, keep_main=True)
        partial.rename(path)
    return path


# -- two analysts on one long document, for review mode ------------------------------------------

def review_project(directory: Path, size_bytes: int, spans: int, seed: int = 31) -> tuple[Path, int, int]:
    """A short note, then one long document coded by both analysts of `TEAM` (`spans` spans in
    all; the second mostly agrees with the first, as in `agreement_records`), for timing review
    mode. Returns (project path, id of the note, id of the long document). Reused if present."""
    from annotator import transfer
    from annotator.store import Project

    path = directory / f"review-{size_bytes // 1000}k-{spans}-s{seed}.annotator.db"
    if not path.exists():
        rng = random.Random(seed)
        text = TextMaker(seed).text(size_bytes)
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        first = make_spans(text, round(spans / 2 * 1.01), seed + 1, annotators=TEAM[:1], nested_share=0.2)
        second = _second_opinion(text, first, rng, words, TEAM[1])
        jsonl = path.with_suffix(".jsonl")
        with open(jsonl, "wb") as handle:
            handle.write(_dump(record("note", TextMaker(seed + 100).text(2_000), [], title="A short note"))
                         + b"\n")
            handle.write(_dump(record("long", text, first + second,
                                      title=f"Long interview ({size_bytes:,} bytes)")) + b"\n")
        partial = path.with_suffix(".partial")
        _remove_project(partial)
        transfer.import_files(partial, [jsonl], TEAM[0])
        with Project(partial) as project:
            project.checkpoint()
        _remove_project(partial, keep_main=True)
        partial.rename(path)
        jsonl.unlink()
    with Project(path) as project:
        ids = {info.external_id: info.id for info in project.documents()}
    return path, ids["note"], ids["long"]


def _remove_project(path: Path, keep_main: bool = False) -> None:
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- tag everywhere: a name standing many times across a corpus --------------------------------

TAG_EVERYWHERE_NAME = "Varnostan"   # not in the generated vocabulary, so every occurrence is placed


def tag_everywhere_project(directory: Path, documents: int, per_document: int, seed: int = 41) -> Path:
    """`documents` texts of ~1–2 KB, each with `per_document` occurrences of
    `TAG_EVERYWHERE_NAME` (one of them as "Varnostan's", which is not the name alone) and ~10
    spans of other analysts. Reused if present."""
    from annotator import transfer

    path = directory / f"tag-everywhere-{documents}-{per_document}.annotator.db"
    if path.exists():
        return path
    maker = TextMaker(seed)
    jsonl = directory / f"tag-everywhere-{documents}.jsonl"
    with open(jsonl, "wb") as handle:
        for n in range(documents):
            sentences = [maker.sentence() for _ in range(per_document + 8)]
            for k in range(per_document + 1):
                name = TAG_EVERYWHERE_NAME + ("'s" if k == per_document else "")
                sentences[k * 2] = f"{name} {sentences[k * 2]}"
            text = " ".join(sentences)
            handle.write(_dump(record(f"doc-{n:05d}", text, make_spans(text, 10, seed + n))) + b"\n")
    transfer.import_files(path, [jsonl], "Ben")
    jsonl.unlink()
    return path
