"""Forms of live sessions."""

from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..web.forms import Form, Name, WholeNumberField
from .game import NICKNAME_MAX, SECONDS_CHOICES


class PinForm(Form):
    pin = StringField(
        "Game PIN",
        validators=[DataRequired("Type the 6-digit PIN shown on the projector."), Length(max=20)],
        description="The 6 digits on the teacher's screen.",
    )


class JoinForm(Form):
    nickname = StringField(
        "Nickname",
        validators=[Length(max=200), Name()],
        description=f"Shown to the class; up to {NICKNAME_MAX} characters.",
    )


class NewSessionForm(Form):
    draw = WholeNumberField(
        "Number of questions (leave empty for all)",
        validators=[
            Optional(),
            NumberRange(min=1, max=200, message="Give a number from 1 to 200."),
        ],
    )
    tag = SelectField("Only questions tagged", choices=[SelectChoice("", "Any tag")], default="")
    seconds = SelectField(
        "Time per question",
        choices=[SelectChoice(str(s), f"{s} seconds") for s in SECONDS_CHOICES],
        default="30",
    )
    ranking = BooleanField("Ranking: points for right answers, more for faster ones", default=True)
