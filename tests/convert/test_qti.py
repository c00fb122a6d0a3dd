"""QTI 2.1 items and content packages, Canvas's QTI 1.2, our QTI export, and safe zips."""

import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from quizapp.banks import load_bank
from quizapp.banks.schema import Bank
from quizapp.convert import FORMATS_IN, FORMATS_OUT, detect_format, export_with_notes, import_bank
from quizapp.convert.zipsafe import MAX_MEMBERS
from tests.helpers.convert import DATA, TODAY, notes, validated

QTI = DATA / "qti"
NS = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


def _import(data: bytes, name: str = "quiz.zip"):
    return import_bank(data, "qti", name=name, today=TODAY)


def _one(name: str) -> dict:
    result = _import((QTI / name).read_bytes(), name)
    validated(result.bank)
    (question,) = result.bank["questions"]
    return question


def test_choice_interactions_single_and_multiple_by_mapping():
    single = _one("choice_single.xml")
    assert single["type"] == "single"
    assert single["prompt"] == "Look at the map: a map of France\n\nWhat is the capital of France?"
    assert [(c["text"], c.get("correct", False)) for c in single["choices"]] == [
        ("Lyon", False),
        ("Paris", True),
        ("Marseille", False),
    ]
    multiple = _one("choice_multiple.xml")
    assert multiple["type"] == "multiple"
    assert [c.get("correct", False) for c in multiple["choices"]] == [True, True, False]


def test_an_image_becomes_its_alt_text_with_a_note():
    result = _import((QTI / "choice_single.xml").read_bytes(), "choice_single.xml")
    assert notes(result) == [
        (
            2,
            "warning",
            "image 'images/map.png' is not imported; its alt text 'a map of France' is kept",
        )
    ]


def test_inline_choice_is_a_drop_down_blank():
    question = _one("inline_choice.xml")
    assert question["type"] == "cloze"
    assert question["text"] == "Grant is [[1]] in Grant's tomb."
    assert question["blanks"] == [
        {"options": ["buried", "entombed", "living"], "answer": "entombed"}
    ]


def test_text_entry_is_a_typed_blank_keeping_mapped_case_variants():
    question = _one("text_entry.xml")
    assert question["text"].endswith("by this sun of [[1]].")
    assert question["blanks"] == [{"answers": ["York"], "case_sensitive": True}]
    variants = (QTI / "text_entry.xml").read_bytes().replace(b'"0.5"', b'"1"')
    again = _import(variants, "t.xml").bank["questions"][0]
    assert again["blanks"] == [{"answers": ["York", "york"], "case_sensitive": True}]
    loose = variants.replace(b'caseSensitive="true"', b'caseSensitive="false"')
    assert _import(loose, "t.xml").bank["questions"][0]["blanks"] == [{"answers": ["York"]}]


def test_order_and_match_interactions():
    order = _one("order.xml")
    assert (order["type"], order["items"]) == ("ordering", ["Mercury", "Venus", "Earth"])
    match = _one("match.xml")
    assert match["pairs"] == [
        {"left": "Canada", "right": "Ottawa"},
        {"left": "Italy", "right": "Rome"},
    ]
    assert match["distractors"] == ["Paris"]


def _package(files: dict[str, bytes], manifest: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if manifest:
            resources = "".join(
                f'<resource identifier="R{n}" type="imsqti_item_xmlv2p1" href="{name}">'
                f'<file href="{name}"/></resource>'
                for n, name in enumerate(files)
            )
            archive.writestr(
                "imsmanifest.xml",
                '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">'
                f"<organizations/><resources>{resources}</resources></manifest>",
            )
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_content_package_of_three_items_imports_in_manifest_order():
    names = ["match.xml", "order.xml", "inline_choice.xml"]
    data = _package({f"items/{name}": (QTI / name).read_bytes() for name in names})
    assert detect_format("upload.zip", data) == detect_format("upload", data) == "qti"
    result = _import(data)
    bank = validated(result.bank)
    assert [q.id for q in bank.questions] == ["capitals", "planets", "grant"]
    assert result.notes == []


def test_a_problem_inside_a_package_names_the_member_and_line():
    data = _package(
        {
            "items/bad.xml": b"<assessmentItem>\n<itemBody>",
            "items/ok.xml": (QTI / "order.xml").read_bytes(),
        }
    )
    result = _import(data)
    assert len(result.bank["questions"]) == 1
    assert result.notes[0].message.startswith("items/bad.xml:2: the file is not well-formed XML")


def test_canvas_qti_1_2_multiple_choice_short_answer_and_multiple_answers():
    result = _import((QTI / "canvas_quiz.xml").read_bytes(), "canvas_quiz.xml")
    bank = validated(result.bank)
    single, short, multiple = bank.questions
    assert (single.type, single.prompt) == ("single", "Which planet is the largest?")
    assert [c.text for c in single.choices if c.correct] == ["Jupiter"]
    assert (short.type, short.answers) == ("short", ["Rome", "Roma"])
    assert [c.text for c in multiple.choices if c.correct] == ["2", "5"]
    assert notes(result) == [(70, "skipped", "Canvas essay_question items have no equivalent here")]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(DATA / "all_types.yaml").bank.bank


def test_our_qti_package_reimports_to_the_same_questions(bank):
    exported = export_with_notes(bank, "qti")
    assert [(n.level, n.message) for n in exported.notes] == [
        ("skipped", "question tf-false: a draft, not exported")
    ]
    back = _import(exported.data)
    assert back.notes == []
    assert validated(back.bank).questions == [q for q in bank.questions if not q.draft]


IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")  # QTI 2.1 identifier.Type (an NCName)
ORDER = [
    "responseDeclaration",
    "outcomeDeclaration",
    "itemBody",
    "responseProcessing",
    "modalFeedback",
]
BLOCK = {"choiceInteraction", "orderInteraction", "matchInteraction"}
INLINE = {"inlineChoiceInteraction", "textEntryInteraction"}


def test_our_qti_package_keeps_the_qti_2_1_schema_rules(bank):
    """The rules of imsqti_v2p1.xsd and imscp_v1p1.xsd our writer could break, checked by hand.

    (No XSD validator is installed: lxml and xmlschema are not dependencies.)
    """
    with zipfile.ZipFile(io.BytesIO(export_with_notes(bank, "qti").data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = ET.fromstring(files.pop("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest" and manifest.get("identifier")
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert sorted(r.get("href") for r in resources) == sorted(files)
    assert len({r.get("identifier") for r in resources}) == len(resources)
    for resource in resources:
        assert resource.get("type") == "imsqti_item_xmlv2p1"
        assert IDENTIFIER.match(resource.get("identifier"))
        assert resource.find(f"{CP}file").get("href") == resource.get("href")
    for data in files.values():
        _check_item(ET.fromstring(data))


def _check_item(item: ET.Element) -> None:
    assert item.tag == f"{NS}assessmentItem"
    for attribute in ("identifier", "title", "adaptive", "timeDependent"):
        assert item.get(attribute), attribute
    children = [child.tag.removeprefix(NS) for child in item]
    assert children == sorted(children, key=ORDER.index), children  # the sequence the XSD sets
    assert children.count("itemBody") == 1
    declared = {d.get("identifier"): d for d in item.findall(f"{NS}responseDeclaration")}
    body = item.find(f"{NS}itemBody")
    interactions = [el for el in body.iter() if el.tag.removeprefix(NS) in BLOCK | INLINE]
    used = [el.get("responseIdentifier") for el in interactions]
    assert sorted(used) == sorted(declared)  # every interaction declared, every declaration used
    for element in interactions:
        kind = element.tag.removeprefix(NS)
        parent = next(p for p in body.iter() if element in list(p))
        assert (parent is body) == (kind in BLOCK)  # block interactions in the body, inline in <p>
        declaration = declared[element.get("responseIdentifier")]
        assert declaration.get("cardinality") and declaration.get("baseType")
        choices = [
            c.get("identifier") for c in element.iter() if c is not element and c.get("identifier")
        ]
        assert len(set(choices)) == len(choices) and all(IDENTIFIER.match(c) for c in choices)
        for value in declaration.iter(f"{NS}value"):
            if declaration.get("baseType") == "identifier":
                assert value.text in choices
            elif declaration.get("baseType") == "directedPair":
                assert all(part in choices for part in value.text.split(" "))
        for entry in declaration.iter(f"{NS}mapEntry"):
            assert entry.get("mapKey") and entry.get("mappedValue") and entry.get("caseSensitive")
    outcomes = {o.get("identifier") for o in item.findall(f"{NS}outcomeDeclaration")}
    for feedback in item.findall(f"{NS}modalFeedback"):
        assert feedback.get("outcomeIdentifier") in outcomes
        assert feedback.get("showHide") in ("show", "hide") and feedback.get("identifier")


def test_qti_is_a_format_the_cli_and_upload_page_accept():
    from quizapp.authoring.uploads import FORMAT_NAMES

    assert "qti" in FORMATS_IN and "qti" in FORMATS_OUT and "qti" in FORMAT_NAMES
    assert detect_format("item.xml", (QTI / "order.xml").read_bytes()) == "qti"
    assert detect_format("quiz.xml", (DATA / "sample_moodle.xml").read_bytes()) == "moodle-xml"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name", ["../evil.xml", "/etc/evil.xml", "items/../../evil.xml", "C:/x.xml", "a\\..\\b.xml"]
)
def test_a_member_outside_the_archive_is_refused(name):
    result = _import(_zip({name: (QTI / "order.xml").read_bytes()}))
    assert result.bank["questions"] == []
    assert notes(result) == [
        (0, "error", f"refused: the archive member {name!r} points outside the archive")
    ]


def test_too_many_members_and_zip_bombs_are_refused():
    many = _import(_zip({f"f{n}.txt": b"" for n in range(MAX_MEMBERS + 1)}))
    assert notes(many)[0][2] == f"the archive holds {MAX_MEMBERS + 1} files; at most {MAX_MEMBERS}"
    bomb = _import(_zip({"items/a.xml": b" " * (4 * 2**20)}))
    assert "refused: items/a.xml expands to" in notes(bomb)[0][2]


def test_a_qti_package_needs_a_file_to_write_to(tmp_path):
    from click.testing import CliRunner

    from quizapp.cli.convert import convert_command

    source = DATA / "all_types.yaml"
    result = CliRunner().invoke(convert_command, [str(source), "--to", "qti"])
    assert result.exit_code == 2 and "qti is binary" in result.stderr
    out = tmp_path / "bank.zip"
    result = CliRunner().invoke(convert_command, [str(source), "--to", "qti", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    again = CliRunner().invoke(convert_command, [str(out)])
    assert again.exit_code == 0 and "id: cloze-many" in again.stdout
