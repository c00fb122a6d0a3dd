from quizapp.convert import import_bank
from tests.helpers.convert import TODAY, import_file, notes, questions, validated


def test_sample_gift_imports_into_a_valid_bank():
    result = import_file("sample.gift", "gift")
    assert result.errors == []
    bank = validated(result.bank)
    assert bank.source.author == ""  # no invented author: none is shown
    assert bank.source.published == TODAY
    assert bank.source.title == "sample.gift"
    assert [q.type for q in bank.questions] == [
        "single",
        "multiple",
        "true_false",
        "true_false",
        "short",
        "cloze",
        "cloze",
        "matching",
        "numeric",
        "numeric",
        "numeric",
        "short",
        "short",
        "true_false",
    ]


def test_multiple_choice_with_feedback_general_feedback_id_tags_and_category():
    q = questions(import_file("sample.gift", "gift"))["capital-fr"]
    assert q["prompt"] == "What is the capital of France?"
    assert q["choices"] == [
        {"text": "Paris", "correct": True, "feedback": "Right, since 508."},
        {"text": "London", "feedback": "That is the UK."},
        {"text": "Berlin"},
    ]
    assert q["explanation"] == "Paris is the capital and largest city of France."
    assert q["tags"] == ["capitals", "Default for Geography/Europe"]
    assert q["source"] == 1


def test_weights_make_a_multiple_question_and_markdown_prefix_is_stripped():
    q = questions(import_file("sample.gift", "gift"))["Primes"]
    assert q["type"] == "multiple"
    assert q["prompt"] == "Which numbers are **prime**?"
    assert [c.get("correct", False) for c in q["choices"]] == [True, True, False]
    assert q["choices"][2]["feedback"] == "Four is 2 × 2."
    assert "explanation" not in q  # no placeholder: learners see no "Why" line


def test_true_false_feedbacks_go_to_the_answer_they_follow():
    found = questions(import_file("sample.gift", "gift"))
    sun, moon = found["Sun"], found["Moon"]
    # {T#wrong#right}: the first feedback is for a wrong answer (false), the second for true.
    assert sun["answer"] is True
    assert sun["feedback_true"] == "Yes, a G-type star."
    assert sun["feedback_false"] == "No: it is a star."
    assert moon["answer"] is False
    assert moon["feedback_true"] == "It is not a planet."
    assert moon["feedback_false"] == "Right, it is a moon."
    assert moon["explanation"] == "The Moon orbits the Earth."


def test_short_answer_keeps_full_credit_answers_and_notes_weights_and_wildcards():
    result = import_file("sample.gift", "gift")
    q = questions(result)["Buried"]
    assert q["answers"] == ["no one", "nobody", "*tomb*"]
    line = 22
    assert (line, "warning", "answer 'Grant' (50%) is not kept: only answers worth 100% are") in (
        notes(result)
    )
    assert any(n[0] == line and "wildcard" in n[2] for n in notes(result))


def test_missing_word_becomes_a_cloze_question():
    found = questions(import_file("sample.gift", "gift"))
    grant = found["Grant"]
    assert grant["text"] == "Grant is [[1]] in Grant's tomb."
    assert grant["blanks"] == [{"options": ["buried", "entombed", "living"], "answer": "entombed"}]
    typed = found["Capital-typed"]
    assert typed["text"] == "The capital of Italy is [[1]] and nothing else."
    assert typed["blanks"] == [{"answers": ["Rome", "Roma"]}]


def test_matching_with_a_distractor():
    q = questions(import_file("sample.gift", "gift"))["Countries"]
    assert q["pairs"] == [
        {"left": "Canada", "right": "Ottawa"},
        {"left": "Italy", "right": "Rome"},
        {"left": "Japan", "right": "Tokyo"},
    ]
    assert q["distractors"] == ["Paris"]


def test_numeric_tolerance_range_and_several_answers():
    result = import_file("sample.gift", "gift")
    found = questions(result)
    assert (found["Born"]["answer"], found["Born"]["tolerance"]) == (1822, 5)
    assert found["Range"]["range"] == [1, 3]
    assert (found["Pi"]["answer"], found["Pi"]["tolerance"]) == (3.14, 0.005)
    kept_out = [n for n in notes(result) if "is not kept: only the first answer" in n[2]]
    assert [line for line, _, _ in kept_out] == [41, 42]


def test_html_is_turned_into_plain_text_without_scripts():
    result = import_file("sample.gift", "gift")
    html = next(q for q in result.bank["questions"] if q["prompt"].startswith("What is 2"))
    assert html["prompt"] == "What is 2 + 2?"
    assert html["id"].startswith("q-") and len(html["id"]) == 10
    assert html["answers"] == ["4", "four"]


def test_escapes():
    q = questions(import_file("sample.gift", "gift"))["Escapes"]
    assert q["prompt"] == "Braces { and } and = and ~ and # and a: colon\nnew line"
    assert q["answers"] == ["a=b"]


def test_essay_and_description_are_skipped_with_their_line():
    result = import_file("sample.gift", "gift")
    assert (50, "skipped", "essay questions are not a gradable type") in notes(result)
    skipped = [n for n in notes(result) if n[1] == "skipped"]
    assert [n[0] for n in skipped] == [50, 52]
    assert "essay-1" not in questions(result)
    assert str(result.notes[-2]) == "line 50: skipped: essay questions are not a gradable type"


def test_a_later_category_replaces_the_earlier_one():
    result = import_file("sample.gift", "gift")
    last = result.bank["questions"][-1]
    assert last["type"] == "true_false" and last["tags"] == ["Maths"]


def test_ids_are_stable_across_reimports_and_deduplicated():
    first = import_file("sample.gift", "gift")
    again = import_file("sample.gift", "gift")
    assert [q["id"] for q in first.bank["questions"]] == [q["id"] for q in again.bank["questions"]]
    twice = import_bank(b"Same?{T}\n\nSame?{F}\n", "gift", name="twice.gift")
    ids = [q["id"] for q in twice.bank["questions"]]
    assert ids[1] == ids[0] + "-2"
    assert notes(twice)[0][1] == "warning"


def test_each_error_names_its_line_and_good_questions_survive():
    result = import_file("broken.gift", "gift")
    assert [q["id"] for q in result.bank["questions"]] == ["Good-one", "Also-good"]
    assert notes(result) == [
        (3, "error", "the title opened with :: is never closed with ::"),
        (5, "error", "the answers opened with { are never closed with }"),
        (7, "error", "found } without an opening {; write a literal } as \\}"),
        (
            9,
            "error",
            "a question has one answer block {...}; write literal braces as \\{ and \\}",
        ),
        (11, "error", "no answer is marked right (= or a positive %weight%)"),
        (
            13,
            "skipped",
            "2 answers are marked right (=); a single-answer question here has exactly one"
            " (use ~%50% weights for a multiple-answer question)",
        ),
        (
            15,
            "error",
            "the numeric answer 'lots' is not a number, min..max or n:error",
        ),
        (17, "error", "a matching answer needs left -> right, not 'c'"),
    ]
    validated(result.bank)


def test_a_file_that_is_not_utf8_names_the_byte_and_line():
    result = import_file("latin1.gift", "gift")
    assert result.bank["questions"] == []
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.line == 1
    assert "not UTF-8" in error.message
    assert "byte 0xe9 on line 1, column 15 (offset 14)" in error.message


def test_a_question_that_breaks_a_schema_rule_is_reported_at_its_line():
    result = import_bank(b"\n\nPick one{=a ~A}\n", "gift", name="dup.gift")
    assert result.bank["questions"] == []
    assert result.errors[0].line == 3
    assert "duplicate choice" in result.errors[0].message


def test_errors_inside_a_multiline_question_point_at_the_answer_line():
    matching = b"// comment\n::M::Pair\nthem{\n=a -> b\n=c\n}\n"
    result = import_bank(matching, "gift", name="m.gift")
    assert notes(result) == [(5, "error", "a matching answer needs left -> right, not 'c'")]
    numeric = b"::N::How many?{#\n=1\n=%50%x\n}\n"
    result = import_bank(numeric, "gift", name="n.gift")
    assert [(n.line, n.level) for n in result.notes] == [
        (3, "error"),
    ]
