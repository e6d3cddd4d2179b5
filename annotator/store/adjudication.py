"""Adjudication in the project file: the gold layer, reviewers' decisions, comments on spans.

A decision covers one region of a document (the extent of an aligned group of
spans) and is stored with the gold span it produced, in one transaction, so that
the gold layer and the record of how it was made never drift apart. Accepting a claim
takes its frame along: the gold frame is written with the gold span it hangs on (whose
id is new each time), and goes with it when the decision is replaced or undone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from annotator.model import GOLD_ANNOTATOR_ID, ClaimFrame, Comment, Decision
from annotator.store.annotators import AnnotatorOps
from annotator.store.claims import store_refs
from annotator.store.core import now
from annotator.store.spans import SpanOps, insert_span_row

DECISIONS = ("accept", "edit", "reject")

_COMMENT_SELECT = """SELECT c.id, c.annotation_id, c.author_id, n.name, c.text, c.created
                     FROM comments c JOIN annotators n ON n.id = c.author_id"""


class AdjudicationOps(SpanOps, AnnotatorOps):
    """The gold layer, decisions and comments: built on spans (a decision makes a gold span,
    a comment is on a span) and analysts (the gold layer's owner)."""

    # -- decisions -----------------------------------------------------------------------

    def decisions(self, document_id: int) -> list[Decision]:
        rows = self._conn.execute(
            """SELECT id, document_id, start, end, decision, gold_annotation_id, reviewer_id, created
               FROM review_decisions WHERE document_id = ? ORDER BY start, end""",
            (document_id,)).fetchall()
        return [self._decision_from_row(row) for row in rows]

    def decision_at(self, document_id: int, region: tuple[int, int]) -> Decision | None:
        """The decision recorded for exactly this region, if any."""
        row = self._conn.execute(
            """SELECT id, document_id, start, end, decision, gold_annotation_id, reviewer_id, created
               FROM review_decisions WHERE document_id = ? AND start = ? AND end = ?""",
            (document_id, *region)).fetchone()
        return self._decision_from_row(row) if row else None

    def decided_regions(self, first_document: int, last_document: int) -> dict[int, set[tuple[int, int]]]:
        """Document id → the regions (start, end) with a decision, for documents whose ids lie in
        [first_document, last_document]: what review counts against, in one indexed range read."""
        regions: dict[int, set[tuple[int, int]]] = {}
        for document_id, start, end in self._conn.execute(
                """SELECT document_id, start, end FROM review_decisions
                   WHERE document_id BETWEEN ? AND ?""", (first_document, last_document)):
            regions.setdefault(document_id, set()).add((start, end))
        return regions

    def review_keys(self, annotator_ids: Sequence[str], first_document: int,
                    last_document: int) -> Iterator[tuple[int, list[tuple[int, int, str, int]]]]:
        """The chosen layers' spans of the documents whose ids lie in [first_document,
        last_document], document by document (only those with such spans), each span as
        (start, end, label, annotator) sorted by position: what `review.align.open_regions`
        counts. The annotator is a small number that sorts as the ids do.

        One ordered scan of the identity index, which holds every column read (no table
        lookups, no joins, no `Span`s): 20,000 documents with 370,000 spans in about 0.3 s."""
        ids = sorted(set(annotator_ids))
        if not ids:
            return
        labels = dict(self._conn.execute("SELECT id, name FROM labels WHERE deleted = 0"))
        marks = ",".join("?" * len(ids))
        code = "CASE annotator_id " + " ".join(f"WHEN ? THEN {n}" for n in range(len(ids))) + " END"
        rows = self._conn.execute(
            f"""SELECT document_id, start, end, label_id, {code} FROM annotations
                WHERE document_id BETWEEN ? AND ? AND annotator_id IN ({marks})
                ORDER BY document_id, start, end""", [*ids, first_document, last_document, *ids])
        current, keys = None, []
        for document_id, start, end, label_id, annotator in rows:
            if document_id != current:
                if keys:
                    keys.sort()
                    yield current, keys
                current, keys = document_id, []
            label = labels.get(label_id)
            if label is not None:
                keys.append((start, end, label, annotator))
        if keys:
            keys.sort()
            yield current, keys

    def _decision_from_row(self, row: tuple) -> Decision:
        gold = None
        if row[5] is not None:
            try:
                gold = self.span(row[5])
            except KeyError:
                gold = None
        return Decision(id=row[0], document_id=row[1], start=row[2], end=row[3], decision=row[4],
                        gold_span=gold, reviewer_id=row[6], created=row[7])

    def decide(self, document_id: int, region: tuple[int, int], decision: str, reviewer_id: str,
               gold: tuple[int, int, str] | None = None, gold_frame: ClaimFrame | None = None) -> Decision:
        """Records a decision for a region, replacing an earlier one (and the gold span it made,
        with its frame).

        `gold` is (start, end, label) of the span that goes into the gold layer ("accept" and
        "edit"); "reject" puts nothing there. `gold_frame` is the frame that goes onto that
        gold span (its `span_id` and analyst are ignored; its id, fields and times are kept,
        so an undo puts back the very frame): speakers and issues must already be gold
        spans of this document or registry entries. A gold span that already has a frame
        (the same span accepted by another decision) keeps it.
        """
        if decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        if (decision == "reject") != (gold is None):
            raise ValueError("accept and edit need a gold span; reject takes none")
        self.gold_annotator()
        start, end = region
        with self._write() as conn:
            self._drop_decision(conn, document_id, start, end)
            gold_id = None
            if gold is not None:
                gold_id = self._insert_gold_span(conn, document_id, gold)
                if gold_frame is not None:
                    _insert_gold_frame(conn, document_id, gold_id, gold_frame)
            decision_id = self.db["review_decisions"].insert(
                {"document_id": document_id, "start": start, "end": end, "decision": decision,
                 "gold_annotation_id": gold_id, "reviewer_id": reviewer_id, "created": now()}).last_pk
        row = self._conn.execute(
            """SELECT id, document_id, start, end, decision, gold_annotation_id, reviewer_id, created
               FROM review_decisions WHERE id = ?""", (decision_id,)).fetchone()
        return self._decision_from_row(row)

    def undo_decision(self, document_id: int, region: tuple[int, int]) -> None:
        """Removes the decision for a region and the gold span it made."""
        with self._write() as conn:
            self._drop_decision(conn, document_id, *region)

    def _drop_decision(self, conn: sqlite3.Connection, document_id: int, start: int, end: int) -> None:
        decisions = self.db["review_decisions"]
        for row in list(decisions.rows_where("document_id = ? AND start = ? AND end = ?",
                                             [document_id, start, end], select="id, gold_annotation_id")):
            decisions.delete(row["id"])
            if row["gold_annotation_id"] is not None:
                conn.execute("DELETE FROM claims WHERE annotation_id = ? AND annotator_id = ?",
                             (row["gold_annotation_id"], GOLD_ANNOTATOR_ID))
                conn.execute("DELETE FROM annotations WHERE id = ? AND annotator_id = ?",
                             (row["gold_annotation_id"], GOLD_ANNOTATOR_ID))

    def _insert_gold_span(self, conn: sqlite3.Connection, document_id: int,
                          gold: tuple[int, int, str]) -> int:
        start, end, label = gold
        label_id = self._require_label(label)
        stamp = now()
        return insert_span_row(conn, document_id, GOLD_ANNOTATOR_ID, start, end, label_id, stamp, stamp)

    # -- comments ------------------------------------------------------------------------

    def comments(self, span_id: int) -> list[Comment]:
        rows = self._conn.execute(
            f"""{_COMMENT_SELECT} WHERE c.annotation_id = ? ORDER BY c.created, c.id""", (span_id,)).fetchall()
        return [Comment(*row) for row in rows]

    def _comment(self, comment_id: int) -> Comment:
        row = self._conn.execute(f"{_COMMENT_SELECT} WHERE c.id = ?", (comment_id,)).fetchone()
        if row is None:
            raise KeyError(f"no comment {comment_id}")
        return Comment(*row)

    def comment_counts(self, document_id: int) -> dict[int, int]:
        """Span id → number of comments, for one document."""
        rows = self._conn.execute(
            """SELECT c.annotation_id, count(*) FROM comments c JOIN annotations a
               ON a.id = c.annotation_id WHERE a.document_id = ? GROUP BY c.annotation_id""",
            (document_id,)).fetchall()
        return dict(rows)

    def add_comment(self, span_id: int, author_id: str, text: str) -> Comment:
        with self._write():
            comment_id = self.db["comments"].insert(
                {"annotation_id": span_id, "author_id": author_id, "text": text, "created": now()}).last_pk
        return self._comment(comment_id)

    def delete_comment(self, comment_id: int) -> Comment:
        """Removes a comment and returns it as it was, for `restore_comment` (undo of adding it)."""
        comment = self._comment(comment_id)
        with self._write():
            self.db["comments"].delete_where("id = ?", [comment_id])
        return comment

    def restore_comment(self, comment: Comment) -> Comment:
        """Puts a deleted comment back as it was: same id, span, author, text and time (redo of
        adding it). Already back, it stays as it is. Comment ids can be reused, so if another
        comment has taken this one's id meanwhile, it comes back under a new id instead."""
        row = {"annotation_id": comment.annotation_id, "author_id": comment.author_id,
               "text": comment.text, "created": comment.created}
        with self._write():
            comments = self.db["comments"]
            holder = next(comments.rows_where("id = ?", [comment.id], select=", ".join(row)), None)
            if holder is None:
                comment_id = comments.insert({"id": comment.id, **row}).last_pk
            elif holder == row:
                comment_id = comment.id
            else:
                comment_id = comments.insert(row).last_pk
        return self._comment(comment_id)


def _insert_gold_frame(conn: sqlite3.Connection, document_id: int, span_id: int, frame: ClaimFrame) -> None:
    if conn.execute("SELECT 1 FROM claims WHERE annotation_id = ?", (span_id,)).fetchone():
        return
    for ref in (*frame.speakers, *frame.issues):
        if ref.span_id is not None and conn.execute(
                "SELECT 1 FROM annotations WHERE id = ? AND document_id = ? AND annotator_id = ?",
                (ref.span_id, document_id, GOLD_ANNOTATOR_ID)).fetchone() is None:
            raise ValueError("a gold frame refers to gold spans of its document, or to registry entries")
    stamp = now()
    pk = conn.execute(
        """INSERT INTO claims(id, annotation_id, document_id, annotator_id, stance, category, note,
                              created, updated) VALUES (?,?,?,?,?,?,?,?,?)""",
        (frame.id, span_id, document_id, GOLD_ANNOTATOR_ID, frame.stance, frame.category, frame.note,
         frame.created or stamp, frame.updated or stamp)).lastrowid
    store_refs(conn, pk, frame.speakers, frame.issues)
