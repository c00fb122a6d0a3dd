"""Forms of the bank management pages."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..banks.fields import ID_PATTERN
from .uploads import FORMAT_NAMES

MAX_ARTICLE = 200_000  # characters: far more than any article a bank is drafted from
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"]+$")


class UploadForm(FlaskForm):
    file = FileField(
        "Bank file",
        validators=[FileRequired("Choose a bank file to upload.")],
        description="A YAML bank, or GIFT, Aiken, Moodle XML, Anki or Quizlet text.",
    )
    format = SelectField(
        "Format",
        choices=[SelectChoice("auto", "Detect it from the file name and content")]
        + [SelectChoice(value, label) for value, label in FORMAT_NAMES.items()],
        default="auto",
    )


class PublishForm(FlaskForm):
    replace = BooleanField("Replace the existing bank")


class DraftForm(FlaskForm):
    bank_id = StringField(
        "Bank id",
        validators=[
            DataRequired("Give the new bank an id, such as library-reopens."),
            Length(max=100, message="Keep the id to 100 characters or fewer."),
            Regexp(
                ID_PATTERN,
                message="Use only letters, digits, '-', '_' and '.', starting with a letter"
                " or digit.",
            ),
        ],
        description="Letters, digits, '-', '_' and '.'; the bank is saved as <id>.yaml.",
    )
    article = TextAreaField(
        "Article text",
        validators=[
            Optional(),
            Length(max=MAX_ARTICLE, message=f"Paste at most {MAX_ARTICLE:,} characters."),
        ],
        description="The title on the first line, then 'By' and the author, the date,"
        " and the paragraphs.",
    )
    article_file = FileField(
        "Or an article file",
        validators=[
            FileAllowed(
                ["txt", "md", "markdown"], "Choose a plain text (.txt) or Markdown (.md) file."
            )
        ],
        description="Plain text or Markdown, UTF-8. Leave the text box empty to use it.",
    )
    # What learners see under every question: the article's own title, author, date and link.
    source_title = StringField(
        "Article title",
        validators=[Optional(), Length(max=300, message="Keep the title to 300 characters.")],
        description="Leave empty to take the article's first line.",
    )
    source_author = StringField(
        "Author",
        validators=[Optional(), Length(max=200, message="Keep the author to 200 characters.")],
        description="Leave empty to take a 'By ...' line from the article, or to show none.",
    )
    source_published = DateField(
        "Published on",
        validators=[Optional()],
        description="Leave empty to take a date line from the article, or today's date.",
    )
    source_url = StringField(
        "Web address of the article",
        validators=[Optional(), Length(max=2000, message="Keep the address to 2,000 characters.")],
        description="Learners get the title as a link to it. Starts with https:// or http://.",
    )

    def validate_source_url(self, field):
        value = (field.data or "").strip()
        if value and not WEB_ADDRESS.match(value):
            raise ValidationError(
                "Give the article's web address starting with https:// or http://,"
                " or leave it empty."
            )

    def source(self) -> dict:
        """The source fields the teacher filled in, for the drafted bank."""
        given = {
            "title": (self.source_title.data or "").strip(),
            "author": (self.source_author.data or "").strip(),
            "published": self.source_published.data,
            "url": (self.source_url.data or "").strip(),
        }
        return {key: value for key, value in given.items() if value}


class EditForm(FlaskForm):
    question = TextAreaField(
        "The question in YAML",
        validators=[
            DataRequired("Write the question, or go back to leave it unchanged."),
            Length(max=50_000, message="A question may be at most 50,000 characters of YAML."),
        ],
        description="The same fields as in a bank file (docs/bank-format.md). Keep the id.",
    )
