"""The labelstudio export, proven by Label Studio's own SDK (label-studio-sdk), offline.

Three of its parts read our files without a server: `LabelInterface` parses the labelling
config and validates each annotation's regions and relations against it (the check Label
Studio's import runs on predictions); `ImportApiRequest` is the import API's task model; and
`Converter` reads a task file as Label Studio's export tool does and converts it to JSON_MIN,
which we compare with the spans we stored. The project is the golden files' one: two analysts
and gold over texts with an emoji and its skin tone, a ZWJ family, a combining accent, CRLF,
Hebrew and Arabic, U+2028 and a leading U+FEFF, each beside a span edge.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats.labelstudio import label_config
from annotator.transfer import export_annotations
from tests.formats.test_golden import DOCUMENTS, build_project

pytest.importorskip("label_studio_sdk")

LABELS = ("Claim", "Actor", "Issue")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, set]]]:
    """The export of every layer, and what the project holds: analyst → document → spans."""
    folder = tmp_path_factory.mktemp("labelstudio")
    with build_project(folder / "p.db") as project:
        out = folder / "x.labelstudio.json"
        export_annotations(project, out)
        stored: dict[str, dict[str, set]] = {}
        for record in project.iter_records(project.layer_ids([])):
            text = record.document.text
            for span in record.spans:
                layer = stored.setdefault(span.annotator, {}).setdefault(record.document.external_id, set())
                layer.add((span.start, span.end, span.label, text[span.start:span.end]))
    return out, stored


def test_label_studio_accepts_the_labelling_config() -> None:
    from label_studio_sdk.label_interface import LabelInterface

    interface = LabelInterface(label_config(LABELS))
    interface.validate()                      # raises on a config Label Studio would refuse
    assert set(interface.get_control("label").labels) == set(LABELS)


def test_labels_with_xml_characters_keep_their_names_in_the_config() -> None:
    from label_studio_sdk.label_interface import LabelInterface

    labels = ('Claim & "counter"', "<Actor>", "Issue 👍🏽")
    interface = LabelInterface(label_config(labels))
    interface.validate()
    assert set(interface.get_control("label").labels) == set(labels)


def test_every_region_and_relation_validates_against_the_config(exported) -> None:
    from label_studio_sdk.label_interface import LabelInterface
    from label_studio_sdk.types import ImportApiRequest

    out, _ = exported
    interface = LabelInterface(label_config(LABELS))
    tasks = json.loads(out.read_text("utf-8"))
    for task in tasks:
        assert ImportApiRequest.model_validate(task).data["text"] == task["data"]["text"]
        for annotation in task["annotations"]:
            assert interface.validate_prediction(annotation, return_errors=True) == []
    relations = [r for task in tasks for a in task["annotations"] for r in a["result"] if r["type"] == "relation"]
    assert {label for r in relations for label in r["labels"]} == {"Speaker", "Issue"}


def test_the_sdk_validation_refuses_a_label_the_config_lacks(exported) -> None:
    """The check above can fail: a region whose label is not in the config is an error."""
    from label_studio_sdk.label_interface import LabelInterface

    out, _ = exported
    annotation = json.loads(out.read_text("utf-8"))[0]["annotations"][0]
    annotation["result"][0]["value"]["labels"] = ["Rumour"]
    assert LabelInterface(label_config(LABELS)).validate_prediction(annotation, return_errors=True)


def test_the_converter_reads_back_every_analysts_spans(exported, tmp_path: Path) -> None:
    from label_studio_sdk.converter import Converter

    out, stored = exported
    converter = Converter(label_config(LABELS), str(tmp_path), download_resources=False)
    converter.convert(str(out), str(tmp_path / "min"), "JSON_MIN", is_dir=False)
    rows = json.loads((tmp_path / "min" / "result.json").read_text("utf-8"))
    tasks = json.loads(out.read_text("utf-8"))
    # One row per annotation, in the file's order: pair each with the analyst who made it.
    analysts = [(task["data"]["id"], annotation["annotator"]) for task in tasks for annotation in task["annotations"]]
    assert len(rows) == len(analysts)
    read: dict[str, dict[str, set]] = {}
    for row, (document, analyst) in zip(rows, analysts):
        assert row["text"] == next(d.text for d in DOCUMENTS if d.external_id == document)
        read.setdefault(analyst, {})[document] = {(r["start"], r["end"], label, r["text"])
                                                  for r in row["label"] for label in r["labels"]}
    assert read == stored
