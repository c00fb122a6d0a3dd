"""Forms of the account pages."""

from wtforms import BooleanField, PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from ..web.forms import Form, Name
from .rules import MIN_PASSWORD, password_problem, username_problem

USERNAME_HELP = (
    "3 to 40 characters: letters, digits, dots, underscores or dashes."
    " You sign in with it; capitals do not matter."
)
PASSWORD_HELP = (
    f"At least {MIN_PASSWORD} characters. A few unrelated words are easy to remember"
    " and hard to guess."
)
SAME_PASSWORD = "The two passwords differ. Type the same password in both boxes."


class SignUpForm(Form):
    username = StringField(
        "Username",
        validators=[InputRequired("Choose a username to sign in with.")],
        description=USERNAME_HELP,
    )
    display_name = StringField(
        "Your name",
        validators=[
            DataRequired("Type the name to show on your scores."),
            Length(max=80, message="Use at most 80 characters for your name."),
            Name(),
        ],
        description="Shown on your scores and to your teachers.",
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Choose a password.")],
        description=PASSWORD_HELP,
    )
    confirm = PasswordField(
        "Password again",
        validators=[InputRequired("Type the password again."), EqualTo("password", SAME_PASSWORD)],
    )
    keep_attempts = BooleanField("Keep the attempts you made in this browser", default=True)

    def validate_username(self, field):
        problem = username_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.username.data or "")
        if problem:
            raise ValidationError(problem)


class SignInForm(Form):
    username = StringField("Username", validators=[InputRequired("Type your username.")])
    password = PasswordField("Password", validators=[InputRequired("Type your password.")])


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Current password", validators=[InputRequired("Type the password you sign in with now.")]
    )
    new_password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password.")],
        description=PASSWORD_HELP,
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            InputRequired("Type the new password again."),
            EqualTo("new_password", SAME_PASSWORD),
        ],
    )
