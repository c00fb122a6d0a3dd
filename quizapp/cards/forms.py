"""Forms of the study pages."""

from wtforms import BooleanField, FloatField, HiddenField, IntegerField
from wtforms.validators import (
    AnyOf,
    InputRequired,
    NumberRange,
    StopValidation,
)

from ..web.forms import Form, WholeNumberField

RETENTION_MESSAGE = "Give the desired retention as a number from 0.70 to 0.97, for example 0.90."
NEW_CARDS_MESSAGE = "Give the number of new cards per day as a whole number from 0 to 1000."


class _OneMessage:
    """A number field that says once what is wrong with text that is not a number."""

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()


class RetentionField(_OneMessage, FloatField):
    pass


class CountField(_OneMessage, WholeNumberField):
    pass


class ItemForm(Form):
    """The item a learner is acting on, as the page showed it."""

    # Plain IntegerFields: a huge id is an item that is not found (404), not a form error.
    progress_id = IntegerField(validators=[InputRequired()])
    version = IntegerField(validators=[InputRequired()])
    bank = HiddenField()  # the bank slug the study screen is limited to, or empty


class RatingForm(ItemForm):
    rating = IntegerField(validators=[InputRequired(), AnyOf([1, 2, 3, 4])])


class StudyAnswerForm(ItemForm):
    """The answer fields depend on the question type and are read by parse_response."""


class SettingsForm(Form):
    desired_retention = RetentionField(
        "Desired retention",
        validators=[
            InputRequired(RETENTION_MESSAGE),
            NumberRange(min=0.70, max=0.97, message=RETENTION_MESSAGE),
        ],
        invalid_value_message=RETENTION_MESSAGE,
        description=(
            "The share of cards you want to remember when they come back, from 0.70 to 0.97."
            " Higher means more reviews at shorter intervals. The usual choice is 0.90."
        ),
    )
    new_cards_per_day = CountField(
        "New cards per day",
        validators=[InputRequired(NEW_CARDS_MESSAGE), NumberRange(0, 1000, NEW_CARDS_MESSAGE)],
        invalid_value_message=NEW_CARDS_MESSAGE,
        description="How many cards you have not seen before to start each day (UTC), 0 to 1000.",
    )
    keyboard_shortcuts = BooleanField(
        "Single-key shortcuts on the study screen",
        description=(
            "Space or Enter shows the answer and 1 to 4 rate the card. Turn this off if you"
            " use speech input or keys get pressed by accident."
        ),
    )
