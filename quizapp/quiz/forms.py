"""Forms of the quiz pages."""

import unicodedata

from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..web.forms import Form, Name, WholeNumberField


class LearnerForm(Form):
    name = StringField(
        "Your name",
        validators=[
            DataRequired("Type the name to show on your scores."),
            Length(max=80, message="Keep the name to 80 characters or fewer."),
            Name(),
        ],
        description="Shown on your score history and to your teachers; up to 80 characters.",
    )

    def validate_name(self, field):
        name = (field.data or "").strip()
        if not name:
            raise ValidationError("Type the name to show on your scores.")
        if any(unicodedata.category(char) == "Cc" for char in name):
            raise ValidationError("A name cannot hold tabs, line breaks or control characters.")


class StartForm(Form):
    # Asked of a guest who has not given a name yet; required then (the view checks).
    name = StringField(
        "Your name",
        validators=[Optional(), Length(max=80)],
        description="Shown on your scores; up to 80 characters.",
    )
    mode = SelectField(
        "Mode",
        choices=[
            SelectChoice("practice", "Practice: see the answer after each question"),
            SelectChoice("test", "Test: see your answers at the end"),
        ],
        default="practice",
    )
    shuffle_questions = BooleanField("Shuffle the questions")
    # Teachers only (a learner could otherwise learn where the answer is written).
    keep_order = BooleanField("Keep the choices in the written order")
    draw = WholeNumberField(
        "Number of questions (leave empty for all)",
        validators=[Optional(), NumberRange(min=1, max=1000, message="Give a number from 1 up.")],
    )
    tag = SelectField("Only questions tagged", choices=[SelectChoice("", "Any tag")], default="")
    time_limit = WholeNumberField(
        "Time limit in minutes (leave empty for none)",
        validators=[
            Optional(),
            NumberRange(min=1, max=600, message="Give a time limit from 1 to 600 minutes."),
        ],
    )


class AnswerForm(Form):
    """Carries the CSRF token; the answer fields depend on the question type."""
