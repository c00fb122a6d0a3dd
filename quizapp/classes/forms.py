"""Forms for creating and joining classes."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..web.forms import Form, Name


class CreateClassForm(Form):
    name = StringField(
        "Class name",
        validators=[
            DataRequired("Type a name for the class, for example 10B History."),
            Length(max=120, message="Use at most 120 characters for the class name."),
            Name(),
        ],
        description="Students see this name once they have joined.",
    )


class JoinClassForm(Form):
    code = StringField(
        "Join code",
        validators=[
            DataRequired("Type the join code your teacher gave you."),
            Length(
                max=40, message="A join code has 8 letters and digits; check it with your teacher."
            ),
        ],
        description=(
            "8 letters and digits from your teacher, for example ABCD-2345."
            " Capitals, spaces and dashes do not matter."
        ),
    )
