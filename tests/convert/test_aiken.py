from quizapp.convert import import_bank
from tests.helpers.convert import import_file, notes, validated


def test_aiken_options_with_dot_or_parenthesis_with_or_without_space():
    result = import_file("sample_aiken.txt", "aiken")
    assert result.errors == []
    bank = validated(result.bank)
    france, planet, primes = bank.questions
    assert france.type == "single"
    assert [c.text for c in france.choices] == ["Paris", "London", "Berlin"]
    assert france.correct_indices == [0]
    assert [c.text for c in planet.choices] == ["Jupiter", "Saturn"]
    assert primes.type == "multiple"
    assert [c.text for c in primes.choices] == ["2", "3", "4"]
    assert primes.correct_indices == [0, 1]


def test_aiken_errors_name_their_line_and_the_valid_questions_around_them_stay():
    result = import_file("broken_aiken.txt", "aiken")
    assert notes(result) == [
        (8, "error", "question must have at least 2 answers on line 8"),
        (10, "error", "question not started on line 10"),
        (11, "error", "question not started on line 11"),
        (16, "error", "question not completed before the next one starts on line 16"),
        (24, "error", "the answer names D, which is not one of the options A, B on line 24"),
        (31, "error", "question not completed at the end of the file (it starts on line 31)"),
    ]
    prompts = [q["prompt"] for q in result.bank["questions"]]
    assert prompts == [
        "A first good question?",
        "Then a new question starts",
        "A last good question?",
    ]
    validated(result.bank)


def test_aiken_stem_may_run_over_several_lines():
    result = import_bank(b"Line one\nline two?\nA. x\nB. y\nANSWER: B\n", "aiken", name="a.txt")
    assert result.bank["questions"][0]["prompt"] == "Line one\nline two?"
