"""Reading an article: title, byline, date and body paragraphs from text or Markdown."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.drafting.article import inline_text, parse_article

BODY = "The council met in Ashford on Tuesday and approved 12 new homes."


@pytest.mark.parametrize(
    ("header", "author", "published"),
    [
        ("By Jane Doe\nJan 6, 2024", "Jane Doe", dt.date(2024, 1, 6)),
        ("by Jane Doe, Staff Writer | 6 January 2024", "Jane Doe", dt.date(2024, 1, 6)),
        ("Jane Doe\n2 min readJan 6, 2024", "Jane Doe", dt.date(2024, 1, 6)),
        ("Jane Doe\n\n2024-01-06\n\n4 min read", "Jane Doe", dt.date(2024, 1, 6)),
        ("Published on Saturday 6 January 2024, 10:30 GMT", None, dt.date(2024, 1, 6)),
        ("Written by Jane van der Berg", "Jane van der Berg", None),
        ("--\n\nShare", None, None),
        ("", None, None),
    ],
)
def test_byline_and_date_lines_after_the_title(header, author, published):
    article = parse_article(f"A Quiet Week\n{header}\n\n{BODY}\n")
    assert (article.title, article.author, article.published) == (
        "A Quiet Week",
        author,
        published,
    )
    assert article.paragraphs == (BODY,)


def test_markdown_title_emphasis_links_headings_lists_and_code():
    text = """# The *Bridge* Reopens

*By Jane Doe* · 6 January 2024

The [old bridge](https://example.org/bridge) in **Cedar Falls** reopened after _14 months_.
It was built in 1921.

## Background

![a photo](photo.jpg)

- The first span was finished in 1919
- The second span took two more years

```
code is not prose, even with a date like 2020
```

> A quoted paragraph counts as a paragraph of the article.
"""
    article = parse_article(text)
    assert article.title == "The Bridge Reopens"
    assert article.author == "Jane Doe"
    assert article.paragraphs == (
        "The old bridge in Cedar Falls reopened after 14 months. It was built in 1921.",
        "The first span was finished in 1919. The second span took two more years",
        "A quoted paragraph counts as a paragraph of the article.",
    )


def test_setext_title_and_front_matter():
    assert parse_article(f"A Title\n=======\n\n{BODY}").title == "A Title"
    front = f"---\ntitle: From Front Matter\nauthor: A. Writer\ndate: 2023-05-01\n---\n{BODY}\n"
    article = parse_article(front)
    assert (article.title, article.author, article.published) == (
        "From Front Matter",
        "A. Writer",
        dt.date(2023, 5, 1),
    )
    assert article.paragraphs == (BODY,)


def test_page_furniture_after_the_article_is_dropped():
    text = f"Title\nJane Doe\n\n{BODY}\n\n--\n\n--\n\nJane Doe\nJane Doe\n\nNo responses yet\n\n"
    text += (
        "More from Jane Doe\n\nAnother article's teaser paragraph that should not count at all.\n"
    )
    assert parse_article(text).paragraphs == (BODY,)


def test_short_lines_without_a_sentence_are_not_paragraphs():
    text = f"Title\n\n{BODY}\n\nPhoto: Jane Doe\n\nAdvertisement\n\nShort but a sentence.\n"
    assert parse_article(text).paragraphs == (BODY, "Short but a sentence.")


def test_lines_of_a_paragraph_are_joined():
    text = "Title\n\nThe council met\nin Ashford on Tuesday\r\nand approved 12 new homes.\n"
    assert parse_article(text).paragraphs == (BODY,)


def test_a_first_line_that_is_a_paragraph_is_not_a_title():
    long_line = " ".join(["word"] * 40) + "."
    article = parse_article(f"{long_line}\n\n{BODY}")
    assert article.title == "Untitled article"
    assert article.paragraphs == (long_line, BODY)


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**bold** and __bold__", "bold and bold"),
        ("*it* and _it_ but snake_case_name", "it and it but snake_case_name"),
        ("[text](http://x.org) and [ref][1]", "text and ref"),
        ("`code` and ~~gone~~ and <b>tag</b>", "code and gone and tag"),
        ("note[^1] and \\*stars\\*", "note and *stars*"),
    ],
)
def test_inline_markup_is_stripped(markdown, plain):
    assert inline_text(markdown) == plain
