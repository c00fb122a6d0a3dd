"""The base of every form: text a database can store, names that display as typed, numbers
small enough to compare."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, ValidationError

from ..banks.text import text_problem

# Nine digits hold every count, id and limit a form asks for, and stay below 2**31.
MAX_DIGITS = 9


class Name:
    """A validator for names people see (display names, class names, nicknames).

    Besides the control characters every field refuses, it refuses the bidirectional
    override and isolate characters, which can make a name read as another one.
    """

    field_flags = {"name": True}

    def __call__(self, form, field) -> None:
        problem = text_problem(field.data or "", name=True)
        if problem:
            raise ValidationError(_sentence(problem))


class Form(FlaskForm):
    """A FlaskForm whose text fields refuse what no database stores (see banks/text.py)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field.data, str) or field.flags.name:
                continue
            problem = text_problem(field.data)
            if problem:
                field.errors = [*field.errors, _sentence(problem)]
                valid = False
        return valid


class WholeNumberField(IntegerField):
    """An IntegerField that refuses more than MAX_DIGITS digits before converting them.

    A 309-digit number is a valid Python int, and NumberRange's isnan() then fails on it
    (OverflowError); the database could not store it either.
    """

    def process_formdata(self, valuelist) -> None:
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > MAX_DIGITS:
            self.data = None
            raise ValueError(
                self.invalid_value_message or f"Give a whole number of at most {MAX_DIGITS} digits."
            )
        super().process_formdata(valuelist)


class ActionForm(Form):
    """A button that changes state (sign out, finish, retry, approve): CSRF only."""


def _sentence(problem: str) -> str:
    return problem[0].upper() + problem[1:] + "."
