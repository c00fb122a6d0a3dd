"""Bank loading: valid banks load, and each broken bank is reported at its line."""

import hashlib
import shutil
import time
from pathlib import Path

import pytest
import yaml

from quizapp.banks import (
    QUESTION_TYPES,
    Card,
    Problem,
    card_digest,
    load_bank,
    load_folder,
    question_digest,
    validate_paths,
    yamlnodes,
)
from quizapp.banks.fields import Citation
from quizapp.config import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data" / "banks"
VALID = DATA / "valid"
BROKEN = DATA / "broken"

# file, line of the problem, and the exact message or a part of it that only this check says
BROKEN_CASES = [
    ("tab-indent.yaml", 4, "YAML indentation must use spaces, not tabs"),
    ("bad-indent.yaml", 10, "YAML syntax error: did not find expected '-' indicator"),
    ("unclosed-quote.yaml", 16, "the quote opened on line 1, column 8 is never closed"),
    ("two-documents.yaml", 16, "a bank is one YAML document: remove the '---' line"),
    (
        "duplicate-key.yaml",
        12,
        "the key 'prompt' is given twice in this mapping (first on line 9); remove one of them",
    ),
    (
        "not-utf8.yaml",
        10,
        "the file is not UTF-8 text (byte 0xe9 at offset 177); save it with the UTF-8 encoding",
    ),
    (
        "empty.yaml",
        1,
        "the file is empty; a bank needs at least title:, source: and questions:",
    ),
    ("top-level-list.yaml", 1, "the top level of a bank must be a mapping of fields"),
    (
        "unknown-field-typo.yaml",
        9,
        "unknown field 'promt' in a single question; did you mean 'prompt'?",
    ),
    (
        "unknown-field.yaml",
        12,
        "unknown field 'difficulty' in a single question; the fields are: id, prompt,",
    ),
    (
        "unknown-field-other-type.yaml",
        12,
        "unknown field 'answers' in a single question ('answers' belongs to short questions)",
    ),
    (
        "unknown-type.yaml",
        8,
        "unknown question type 'singel'; did you mean 'single'? The types are: single,"
        " multiple, true_false, short, numeric, ordering, matching, cloze",
    ),
    ("missing-type.yaml", 7, "question 1 has no 'type': add type: with one of single,"),
    (
        "duplicate-question-id.yaml",
        16,
        "duplicate question id 'q1' (first used on line 7); question ids must be unique",
    ),
    (
        "duplicate-card-id.yaml",
        21,
        "duplicate card id 'c1' (first used on line 17); card ids must be unique",
    ),
    (
        "no-correct-choice.yaml",
        12,
        "no choice is marked correct: add correct: true to the right choice",
    ),
    (
        "single-two-correct.yaml",
        15,
        "a single question has exactly one correct choice, this one has 2"
        " (use type: multiple for several)",
    ),
    ("duplicate-choice.yaml", 16, "duplicate choice 'a': the choices of a question must differ"),
    ("empty-prompt.yaml", 9, "'prompt' must not be empty"),
    ("short-no-answer.yaml", 12, "'answers' needs at least 1 answer; it has 0"),
    (
        "source-url-not-web.yaml",
        7,
        "must be a web address starting with http:// or https://, not 'javascript:alert(1)'",
    ),
    (
        "missing-questions.yaml",
        1,
        "the bank has no questions and no cards: add questions: or cards: with at least one entry",
    ),
    ("cloze-blank-no-answer.yaml", 14, "'answers' needs at least 1 answer; it has 0"),
    ("cloze-blank-mismatch.yaml", 12, "the text uses [[3]] but blanks: lists only 2 blanks"),
    ("numeric-negative-tolerance.yaml", 13, "'tolerance' must be at least 0, not -1"),
    (
        "numeric-no-answer.yaml",
        7,
        "a numeric question needs either answer: (with an optional tolerance:)"
        " or range: [min, max]",
    ),
    ("ordering-one-item.yaml", 12, "'items' needs at least 2 items; it has 1"),
    ("too-few-choices.yaml", 12, "'choices' needs at least 2 choices; it has 1"),
    (
        "matching-duplicate-pair.yaml",
        15,
        "the left item 'Paris' is in two pairs: the left items of a matching question must differ",
    ),
    (
        "dropdown-not-option.yaml",
        15,
        "the blank's answer '110' is not one of its options ('90', '100')",
    ),
    (
        "python-tag.yaml",
        9,
        "the tag '!!python/object/apply:os.system' is not allowed: a bank may use only the"
        " standard YAML types (no tags that construct Python objects); remove the tag",
    ),
    ("custom-tag.yaml", 10, "the tag '!secret' is not allowed"),
    ("alias-bomb.yaml", 4, "aliases expand to more than 10,000 nodes"),
    ("recursive-alias.yaml", 7, "an alias refers to the mapping or list it is inside"),
    ("too-deep.yaml", 8, "nested more than 20 levels deep"),
    (
        "bad-date.yaml",
        5,
        "'published' must be a date written YYYY-MM-DD, not '2024-13-01'"
        " (month value is outside expected range of 1-12)",
    ),
    (
        "date-as-text.yaml",
        5,
        "'published' must be a date written YYYY-MM-DD, not 'January 2024'",
    ),
    (
        "answer-not-text.yaml",
        12,
        "answer 2 must be text, not a number (1969); put it in quotes ('1969') to make it text",
    ),
    (
        "bad-citation.yaml",
        11,
        "'source' must be a paragraph number (source: 2) or a mapping"
        " {paragraph: 2, sentence: 1}, not text ('paragraph two')",
    ),
    (
        "bad-id.yaml",
        1,
        "the id 'my bank' is not valid: use letters, digits, '-', '_' and '.',"
        " starting with a letter or digit",
    ),
    (
        "bad-mode.yaml",
        7,
        "'mode' must be one of: practice, test, not 'tests'; did you mean 'test'?",
    ),
    (
        "question-not-mapping.yaml",
        7,
        "question 1 must be a mapping of fields (key: value), not text ('Which is right?')",
    ),
    ("several-problems.yaml", 21, "'tolerance' must be at least 0, not -2"),
]


@pytest.mark.parametrize(
    ("name", "line", "message"), BROKEN_CASES, ids=[case[0] for case in BROKEN_CASES]
)
def test_broken_bank_is_reported_at_its_line(name, line, message):
    result = load_bank(BROKEN / name)
    assert result.bank is None
    found = [(problem.line, problem.message) for problem in result.problems]
    assert any(p.line == line and message in p.message for p in result.problems), found
    assert all(problem.path == str(BROKEN / name) for problem in result.problems)


def test_every_broken_file_has_a_case():
    names = {path.name for path in BROKEN.iterdir()}
    assert names == {case[0] for case in BROKEN_CASES}


def test_problem_prints_as_path_line_column_message():
    problem = Problem("questions/a.yaml", 3, 5, "'prompt' must not be empty")
    assert str(problem) == "questions/a.yaml:3:5: 'prompt' must not be empty"


def test_several_problems_are_all_reported_in_line_order():
    problems = load_bank(BROKEN / "several-problems.yaml").problems
    assert [(p.line, p.column) for p in problems] == [(7, 5), (17, 13), (21, 16)]
    assert problems[0].message == "missing required field 'prompt' in a single question"


def test_misspelt_field_is_not_also_reported_missing():
    problems = load_bank(BROKEN / "unknown-field-typo.yaml").problems
    assert [p.message for p in problems] == [
        "unknown field 'promt' in a single question; did you mean 'prompt'?"
    ]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("    type: single\n    choices: [{text: A, correct: true}]\n", 1),
        ("    type: cloze\n    text: '[[1]]'\n    blanks: [{answers: []}]\n", 1),
        ("    type: cloze\n    text: '[[1]]'\n    blanks: [{options: [a, b], answer: c}]\n", 1),
    ],
)
def test_an_error_in_a_union_member_is_reported_once(body, count):
    data = _bank(f"  - id: q1\n{body}    prompt: P\n    explanation: E\n    source: 1\n")
    problems = load_bank("upload.yaml", data).problems
    assert len(problems) == count, problems


def test_valid_banks_load_and_cover_every_type_and_cards():
    result = load_folder(VALID)
    assert result.problems == []
    assert [loaded.path.name for loaded in result.banks] == [
        "minimal.yml",
        "solar-system.yaml",
        "typed-answers.yaml",
    ]
    types = {q.type for loaded in result.banks for q in loaded.bank.questions}
    assert types == set(QUESTION_TYPES)
    assert any(loaded.bank.cards for loaded in result.banks)


def test_bank_id_defaults_to_the_file_name():
    loaded = load_bank(VALID / "minimal.yml").bank
    assert loaded is not None
    assert loaded.bank.id == "minimal"
    upload = load_bank("uploads/week-3.yaml", (VALID / "minimal.yml").read_bytes()).bank
    assert upload is not None
    assert upload.bank.id == "week-3"
    assert upload.path == Path("uploads/week-3.yaml")


def test_file_name_that_is_no_id_needs_an_id_field():
    result = load_bank("my bank.yaml", (VALID / "minimal.yml").read_bytes())
    assert result.bank is None
    assert str(result.problems[0]).startswith(
        "my bank.yaml:1:1: the file name 'my bank' cannot be the bank id; add an id: line"
    )


def test_paragraph_shorthand_becomes_a_citation():
    loaded = load_bank(VALID / "solar-system.yaml").bank
    assert loaded is not None
    questions = {question.id: question for question in loaded.bank.questions}
    assert questions["largest-planet"].source == Citation(paragraph=2)
    assert questions["gas-giants"].source == Citation(paragraph=3, sentence=2)


def test_digests_change_on_any_edit():
    data = (VALID / "solar-system.yaml").read_bytes()
    loaded = load_bank("a.yaml", data).bank
    assert loaded is not None
    assert loaded.digest == hashlib.sha256(data).hexdigest()
    again = load_bank("a.yaml", data).bank
    assert again is not None
    assert [question_digest(q) for q in again.bank.questions] == [
        question_digest(q) for q in loaded.bank.questions
    ]
    edited = load_bank("a.yaml", data.replace(b"Saturn is the second", b"Saturn is 2nd")).bank
    assert edited is not None
    assert edited.digest != loaded.digest
    before = [question_digest(q) for q in loaded.bank.questions]
    after = [question_digest(q) for q in edited.bank.questions]
    assert before[0] != after[0]  # the choice feedback changed
    assert before[1:] == after[1:]


@pytest.mark.parametrize(
    "update",
    [
        {"prompt": "Which planet is the biggest?"},
        {"points": 2},
        {"draft": True},
        {"tags": ["planets", "giants"]},
        {"source": Citation(paragraph=2, sentence=1)},
    ],
)
def test_question_digest_changes_with_each_field(update):
    loaded = load_bank(VALID / "solar-system.yaml").bank
    assert loaded is not None
    question = loaded.bank.questions[0]
    assert question_digest(question.model_copy(update=update)) != question_digest(question)


def test_card_digest_changes_with_the_back():
    card = Card(id="c", front="F", back="B", source=1)
    assert card_digest(card) == card_digest(Card(id="c", front="F", back="B", source=1))
    assert card_digest(card.model_copy(update={"back": "B2"})) != card_digest(card)


def test_folder_loads_good_banks_next_to_a_broken_one(tmp_path):
    for path in VALID.iterdir():
        shutil.copy(path, tmp_path)
    shutil.copy(BROKEN / "missing-type.yaml", tmp_path)
    (tmp_path / "notes.txt").write_text("not a bank")
    (tmp_path / "sub").mkdir()
    shutil.copy(BROKEN / "empty.yaml", tmp_path / "sub")
    result = load_folder(tmp_path)
    assert [loaded.bank.id for loaded in result.banks] == [
        "minimal",
        "solar-system",
        "typed-answers",
    ]
    assert [(Path(p.path).name, p.line) for p in result.problems] == [("missing-type.yaml", 7)]


def test_missing_folder_is_a_problem(tmp_path):
    result = load_folder(tmp_path / "nowhere")
    assert result.banks == []
    assert "no such folder" in result.problems[0].message


def test_duplicate_bank_id_is_reported_on_the_later_file(tmp_path):
    bank = (VALID / "minimal.yml").read_text()
    (tmp_path / "a.yaml").write_text("id: shared\n" + bank)
    (tmp_path / "b.yaml").write_text("# second\nid: shared\n" + bank)
    (tmp_path / "c.yaml").write_text(bank)
    (tmp_path / "d.yaml").write_text("id: c\n" + bank)
    result = load_folder(tmp_path)
    assert [loaded.bank.id for loaded in result.banks] == ["shared", "c"]
    assert [str(p).removeprefix(str(tmp_path)) for p in result.problems] == [
        f"/b.yaml:2:5: the bank id 'shared' is already used by {tmp_path / 'a.yaml'};"
        " give this bank a different id:",
        f"/d.yaml:1:5: the bank id 'c' is already used by {tmp_path / 'c.yaml'};"
        " give this bank a different id:",
    ]


def test_duplicate_id_from_a_file_name_is_reported_at_the_start(tmp_path):
    bank = (VALID / "minimal.yml").read_text()
    (tmp_path / "a.yaml").write_text("id: b\n" + bank)
    (tmp_path / "b.yaml").write_text(bank)
    problems = load_folder(tmp_path).problems
    assert [(Path(p.path).name, p.line, p.column) for p in problems] == [("b.yaml", 1, 1)]


def test_validate_paths_checks_files_and_folders_together(tmp_path):
    (tmp_path / "solar-system.yaml").write_bytes((VALID / "minimal.yml").read_bytes())
    problems = validate_paths(
        [VALID, tmp_path / "solar-system.yaml", VALID / "minimal.yml", tmp_path / "gone.yaml"]
    )
    assert [(Path(p.path).name, p.line, p.message.split(";")[0]) for p in problems] == [
        ("gone.yaml", 1, "no such file or folder"),
        (
            "solar-system.yaml",
            1,
            f"the bank id 'solar-system' is already used by {VALID / 'solar-system.yaml'}",
        ),
    ]
    assert validate_paths([VALID, BROKEN / "empty.yaml"]) == [
        Problem(
            str(BROKEN / "empty.yaml"), 1, 1, load_bank(BROKEN / "empty.yaml").problems[0].message
        )
    ]


def test_python_tag_constructs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    data = _bank(
        f"  - id: q1\n    type: true_false\n    prompt: !!python/object/apply:os.system"
        f" ['touch {marker}']\n    explanation: E\n    source: 1\n    answer: true\n"
    )
    result = load_bank("evil.yaml", data)
    assert result.bank is None
    assert "'!!python/object/apply:os.system' is not allowed" in result.problems[0].message
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):  # 10**12 strings once expanded
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    start = time.perf_counter()
    result = load_bank("bomb.yaml", "\n".join(lines).encode())
    assert time.perf_counter() - start < 1
    assert "aliases expand to more than 10,000 nodes" in result.problems[0].message


def test_modest_aliases_and_merge_keys_are_fine():
    data = _bank(
        "  - &base\n    id: q1\n    type: true_false\n    prompt: P\n    explanation: E\n"
        "    source: 1\n    answer: true\n"
        "  - <<: *base\n    id: q2\n    answer: false\n"
    )
    loaded = load_bank("merge.yaml", data).bank
    assert loaded is not None
    first, second = loaded.bank.questions
    assert (second.id, second.prompt, second.answer) == ("q2", "P", False)
    assert first.answer is True


def test_file_over_five_mebibytes_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024) + b"\n[unclosed")
    for result in (load_bank(big), load_bank("up.yaml", big.read_bytes())):
        assert result.bank is None
        assert [p.message for p in result.problems] == [
            "the file is 5.0 MiB; a bank may be at most 5 MiB: split it into several banks"
        ]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("tab-indent.yaml", 4),
        ("unclosed-quote.yaml", 16),
        ("duplicate-key.yaml", 12),
        ("python-tag.yaml", 9),
        ("unknown-type.yaml", 8),
    ],
)
def test_pure_python_parser_reports_the_same_lines(monkeypatch, name, line):
    monkeypatch.setattr(yamlnodes, "Loader", yaml.SafeLoader)
    problems = load_bank(BROKEN / name).problems
    assert [problem.line for problem in problems] == [line]


def _bank(questions: str) -> bytes:
    head = "title: T\nsource: {title: S, author: A, published: 2024-01-01}\nquestions:\n"
    return (head + questions).encode()
