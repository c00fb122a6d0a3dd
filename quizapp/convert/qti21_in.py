"""One QTI 2.1 assessmentItem as one of our questions."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .common import CLOZE_PROMPT, CLOZE_PROMPT_MANY, BankBuilder
from .extras import apply_extras
from .qti_xml import Texts, comment_extras

INLINE = {"inlineChoiceInteraction", "textEntryInteraction"}
BLOCK = {"choiceInteraction", "orderInteraction", "matchInteraction"}
_NUMBERS = {"float", "integer"}


class Item:
    def __init__(self, item: ET.Element, line: int, builder: BankBuilder):
        self.item, self.line, self.builder = item, line, builder
        self.texts = Texts()
        self.declarations = {d.get("identifier"): d for d in item.findall("responseDeclaration")}
        self.body = item.find("itemBody")

    def note(self, message: str, level: str = "error") -> None:
        self.builder.note(self.line, message, level)  # type: ignore[arg-type]

    def values(self, interaction: ET.Element) -> list[str]:
        declaration = self.declarations.get(interaction.get("responseIdentifier"))
        if declaration is None:
            return []
        return [(v.text or "").strip() for v in declaration.findall("correctResponse/value")]

    def mapped(self, interaction: ET.Element) -> list[tuple[str, float, bool]]:
        """(key, value, case sensitive) of each mapEntry of the interaction's response."""
        declaration = self.declarations.get(interaction.get("responseIdentifier"))
        entries = [] if declaration is None else declaration.findall("mapping/mapEntry")
        out = []
        for entry in entries:
            try:
                value = float(entry.get("mappedValue", "0"))
            except ValueError:
                value = 0.0
            sensitive = entry.get("caseSensitive", "true").lower() == "true"
            out.append((entry.get("mapKey", ""), value, sensitive))
        return out

    def base_type(self, interaction: ET.Element) -> str:
        declaration = self.declarations.get(interaction.get("responseIdentifier"))
        return "" if declaration is None else declaration.get("baseType", "")


def read_item(item: ET.Element, lines: dict[int, int], builder: BankBuilder) -> None:
    line = lines.get(id(item), 1)
    reader = Item(item, line, builder)
    if reader.body is None:
        reader.note("the item has no itemBody")
        return
    interactions = [el for el in reader.body.iter() if str(el.tag).endswith("Interaction")]
    kinds = {el.tag for el in interactions}
    if not interactions:
        reader.note("items without an interaction are not questions", "skipped")
        return
    if kinds <= INLINE:
        question = _inline(reader, interactions)
    elif len(interactions) == 1 and kinds <= BLOCK:
        question = _BLOCKS[interactions[0].tag](reader, interactions[0])
    else:
        reader.note(f"items with {', '.join(sorted(kinds))} have no equivalent here", "skipped")
        return
    if question is None:
        return
    extras = comment_extras(item, builder, line)
    question = _restore(question, extras)
    explanation = " ".join(
        text for text in (reader.texts.of(f) for f in item.findall("modalFeedback")) if text
    )
    reader.texts.report(builder, line)
    builder.add_question(
        apply_extras(question, extras),
        line=line,
        explicit_id=item.get("identifier"),
        title=item.get("title"),
        explanation=explanation,
    )


def _prompt(reader: Item, interaction: ET.Element) -> str:
    """The body's text without the interaction, then the interaction's own prompt."""
    assert reader.body is not None
    body = reader.texts.swapped(reader.body, {id(interaction): ""})
    own = reader.texts.of(interaction.find("prompt"))
    return "\n\n".join(part for part in (body, own) if part)


def _choice(reader: Item, interaction: ET.Element) -> dict | None:
    choices = interaction.findall("simpleChoice")
    texts = {c.get("identifier"): reader.texts.of(c) for c in choices}
    right = set(reader.values(interaction))
    right |= {key for key, value, _ in reader.mapped(interaction) if value > 0}
    declaration = reader.declarations.get(interaction.get("responseIdentifier"))
    single = declaration is None or declaration.get("cardinality", "single") == "single"
    if not right & set(texts):
        reader.note("no choice is marked right (correctResponse or a positive mapping)")
        return None
    items = [
        {"text": text, **({"correct": True} if key in right else {})} for key, text in texts.items()
    ]
    if single and len(right & set(texts)) > 1:
        reader.note("a single-response item names several right choices", "skipped")
        return None
    kind = "single" if single else "multiple"
    return {"type": kind, "prompt": _prompt(reader, interaction), "choices": items}


def _order(reader: Item, interaction: ET.Element) -> dict | None:
    texts = {c.get("identifier"): reader.texts.of(c) for c in interaction.findall("simpleChoice")}
    order = reader.values(interaction)
    if sorted(order) != sorted(texts):
        reader.note("the correct order must name every choice once")
        return None
    items = [texts[key] for key in order]
    return {"type": "ordering", "prompt": _prompt(reader, interaction), "items": items}


def _match(reader: Item, interaction: ET.Element) -> dict | None:
    sets = interaction.findall("simpleMatchSet")
    if len(sets) != 2:
        reader.note("a match interaction needs two simpleMatchSets")
        return None
    left, right = ({c.get("identifier"): reader.texts.of(c) for c in s} for s in sets)
    pairs, used = [], set()
    for value in reader.values(interaction):
        source, _, target = value.partition(" ")
        if source not in left or target not in right:
            reader.note(f"the pair {value!r} names choices the sets do not have")
            return None
        pairs.append({"left": left[source], "right": right[target]})
        used.add(target)
    if len({pair["left"] for pair in pairs}) != len(pairs) or len(pairs) != len(left):
        reader.note("each left choice must have exactly one right match", "skipped")
        return None
    question = {"type": "matching", "prompt": _prompt(reader, interaction), "pairs": pairs}
    distractors = [text for key, text in right.items() if key not in used]
    if distractors:
        question["distractors"] = distractors
    return question


_BLOCKS = {"choiceInteraction": _choice, "orderInteraction": _order, "matchInteraction": _match}


def _inline(reader: Item, interactions: list[ET.Element]) -> dict | None:
    """Drop-down and typed blanks make a cloze; one typed blank at the very end, a short answer."""
    blanks = []
    for interaction in interactions:
        blank = _blank(reader, interaction)
        if blank is None:
            return None
        blanks.append(blank)
    assert reader.body is not None
    numbers = _numbers(interactions)
    swap = {id(el): f"[[{n}]]" for n, el in zip(numbers, interactions, strict=True)}
    blanks = [blank for _, blank in sorted(zip(numbers, blanks, strict=True))]
    text = reader.texts.swapped(reader.body, swap)
    last = interactions[-1]
    if len(blanks) == 1 and last.tag == "textEntryInteraction" and _alone(reader.body, last):
        prompt = text.removesuffix("[[1]]").rstrip()
        if reader.base_type(last) in _NUMBERS:
            return _numeric(reader, prompt, blanks[0]["answers"])
        return {"type": "short", "prompt": prompt, **blanks[0]}
    prompt = CLOZE_PROMPT if len(blanks) == 1 else CLOZE_PROMPT_MANY
    return {"type": "cloze", "prompt": prompt, "text": text, "blanks": blanks}


def _numbers(interactions: list[ET.Element]) -> list[int]:
    """Blank numbers: RESPONSE_n when the item numbers its responses so (ours do), else 1, 2..."""
    found = [
        re.fullmatch(r"RESPONSE_(\d+)", el.get("responseIdentifier", "")) for el in interactions
    ]
    numbers = [int(match.group(1)) for match in found if match]
    if sorted(numbers) == list(range(1, len(interactions) + 1)):
        return numbers
    return list(range(1, len(interactions) + 1))


def _alone(body: ET.Element, interaction: ET.Element) -> bool:
    """A typed blank in a paragraph of its own, after the question: a short answer."""
    parents = {child: parent for parent in body.iter() for child in parent}
    parent = parents[interaction]
    if parent is body or len(parent) != 1 or (parent.text or "").strip():
        return False
    return not (interaction.tail or "").strip() and list(body)[-1] is parent


def _blank(reader: Item, interaction: ET.Element) -> dict | None:
    values = reader.values(interaction)
    if interaction.tag == "inlineChoiceInteraction":
        options = {
            c.get("identifier"): reader.texts.of(c) for c in interaction.findall("inlineChoice")
        }
        right = [key for key in values if key in options]
        if len(right) != 1:
            reader.note("a drop-down blank needs exactly one right choice")
            return None
        return {"options": list(options.values()), "answer": options[right[0]]}
    entries = reader.mapped(interaction)
    full = max((value for _, value, _ in entries), default=1.0)
    mapped = [(key, sensitive) for key, value, sensitive in entries if value >= full > 0]
    for key, value, _ in entries:
        if 0 < value < full:
            reader.note(
                f"partial credit ({value:g} of {full:g}) for {key!r} is not kept", "warning"
            )
    answers = list(dict.fromkeys(values + [key for key, _ in mapped]))
    if not answers:
        reader.note("a typed blank needs a correctResponse or a positive mapping")
        return None
    if any(sensitive for _, sensitive in mapped):
        return {"answers": answers, "case_sensitive": True}  # the variants are the casings
    kept = {}
    for answer in answers:
        kept.setdefault(answer.casefold(), answer)
    return {"answers": list(kept.values())}


def _numeric(reader: Item, prompt: str, answers: list[str]) -> dict | None:
    try:
        value = float(answers[0])
    except ValueError:
        reader.note(f"the numeric answer {answers[0]!r} is not a number")
        return None
    number = int(value) if value.is_integer() and abs(value) < 2**53 else value
    return {"type": "numeric", "prompt": prompt, "answer": number}


def _restore(question: dict, extras: dict) -> dict:
    """Our own export's comment names what QTI has no element for."""
    fields = extras.get("fields")
    if extras.get("type") == "true_false" and question["type"] == "single":
        right = next(c["text"] for c in question["choices"] if c.get("correct"))
        question = {"type": "true_false", "prompt": question["prompt"], "answer": right == "True"}
    if isinstance(fields, dict):
        question.update({k: v for k, v in fields.items() if k not in ("type", "id")})
    feedback = extras.get("choice_feedback")
    if isinstance(feedback, list) and "choices" in question:
        for choice, text in zip(question["choices"], feedback, strict=False):
            if text:
                choice["feedback"] = text
    return question
