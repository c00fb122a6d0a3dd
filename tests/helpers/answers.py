"""Build the form data a learner would post for a right or a wrong answer."""

from __future__ import annotations


def right_form(spec, layout) -> dict:
    """Form fields answering `spec` correctly, in the display slots of `layout`."""
    kind = spec.type
    if kind == "single":
        return {"answer": str(layout.choices.index(spec.correct_indices[0]))}
    if kind == "multiple":
        return {"answer": [str(layout.choices.index(i)) for i in spec.correct_indices]}
    if kind == "true_false":
        return {"answer": "true" if spec.answer else "false"}
    if kind == "short":
        return {"answer": spec.answers[0]}
    if kind == "numeric":
        value = spec.answer if spec.answer is not None else spec.range[0]
        return {"answer": f"{value:g}"}
    if kind == "ordering":
        return {f"position-{slot}": str(original + 1) for slot, original in enumerate(layout.items)}
    if kind == "matching":
        return {f"match-{i}": str(layout.rights.index(i)) for i in range(len(spec.pairs))}
    if kind == "cloze":
        form = {}
        for n, blank in enumerate(spec.blanks, start=1):
            if hasattr(blank, "options"):
                original = blank.options.index(blank.answer)
                form[f"blank-{n}"] = str(layout.options[n - 1].index(original))
            else:
                form[f"blank-{n}"] = blank.answers[0]
        return form
    raise AssertionError(f"unknown type {kind}")


def wrong_form(spec, layout) -> dict:
    """Form fields answering `spec` wrongly (a complete, well-formed answer)."""
    kind = spec.type
    if kind in ("single", "multiple"):
        wrong = next(i for i, choice in enumerate(spec.choices) if not choice.correct)
        return {"answer": str(layout.choices.index(wrong))}
    if kind == "true_false":
        return {"answer": "false" if spec.answer else "true"}
    if kind == "short":
        return {"answer": "zzzzzzzzzzzz"}
    if kind == "numeric":
        low, high = spec.bounds
        return {"answer": f"{high + abs(high) + 1000:g}"}
    if kind == "ordering":
        backwards = list(reversed(range(len(spec.items))))
        return {
            f"position-{slot}": str(backwards[original] + 1)
            for slot, original in enumerate(layout.items)
        }
    if kind == "matching":
        count = len(spec.pairs)
        return {f"match-{i}": str(layout.rights.index((i + 1) % count)) for i in range(count)}
    if kind == "cloze":
        form = {}
        for n, blank in enumerate(spec.blanks, start=1):
            if hasattr(blank, "options"):
                original = next(i for i, o in enumerate(blank.options) if o != blank.answer)
                form[f"blank-{n}"] = str(layout.options[n - 1].index(original))
            else:
                form[f"blank-{n}"] = "zzzzzzzzzzzz"
        return form
    raise AssertionError(f"unknown type {kind}")


# Every question of tests/data/app_banks/sample.yaml, answered right.
ALL_RIGHT = dict.fromkeys(
    ("capital", "primes", "sky", "author", "troops", "steps", "pairs", "fill"), True
)
