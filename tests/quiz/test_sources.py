"""What a learner reads about a question's source: no placeholders, a link when there is one."""

from __future__ import annotations

from pathlib import Path

from quizapp.convert import import_bank
from quizapp.convert.yamlout import dump_yaml
from quizapp.library.sync import sync_folder

GIFT = """::capital::What is the capital of France?{=Paris ~Lyon ~Marseille}

::river::Which river runs through Paris?{=Seine ~Loire ~Rhone}
"""

LINKED = """id: linked
title: Linked source
source:
  title: The river report
  published: 2024-02-01
  url: https://example.org/rivers
questions:
  - id: q1
    type: true_false
    prompt: The report says the river rose.
    answer: true
    source: {paragraph: 2, sentence: 3}
"""

PLACEHOLDERS = ("No explanation was given", "Imported", "Unknown author", "Why:")


def _answer_first(client, slug: str) -> str:
    client.post("/learner", data={"name": "Ada"})
    response = client.post(f"/banks/{slug}/attempts", data={})
    question = response.headers["Location"]
    page = client.get(question).get_data(as_text=True)
    answer = {"answer": "true"} if "true_false" in page or "True" in page else {"answer": "0"}
    client.post(question, data=answer)
    return " ".join(client.get(question).get_data(as_text=True).split())


def test_an_imported_bank_shows_no_placeholder_text(app, client):
    result = import_bank(GIFT.encode(), "gift", name="rivers.gift")
    assert result.notes == [] and len(result.bank["questions"]) == 2
    folder = Path(app.config["QUESTIONS_DIR"])
    (folder / "rivers.yaml").write_text(dump_yaml(result.bank))
    with app.app_context():
        sync_folder(folder)
    bank_page = client.get("/banks/rivers").get_data(as_text=True)
    feedback = _answer_first(client, "rivers")
    assert "Source: paragraph 1 of" in feedback
    for page in (bank_page, feedback):
        for text in PLACEHOLDERS:
            assert text not in page


def test_the_source_title_links_to_its_url_and_the_citation_names_the_sentence(app, client):
    folder = Path(app.config["QUESTIONS_DIR"])
    (folder / "linked.yaml").write_text(LINKED)
    with app.app_context():
        sync_folder(folder)
    feedback = _answer_first(client, "linked")
    assert "Source: paragraph 2, sentence 3 of" in feedback
    assert '<a href="https://example.org/rivers" rel="noopener noreferrer">' in feedback
    assert " by " not in feedback.split("Source:")[1].split("</p>")[0]
    assert "Why:" not in feedback
