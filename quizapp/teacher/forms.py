"""Forms of the teacher pages."""

from wtforms import SelectChoice, SelectField

from ..web.forms import Form

EXTRA_TIME_FACTORS = (1.0, 1.25, 1.5, 2.0)


def factor_label(factor: float) -> str:
    return "No extra time" if factor == 1.0 else f"{factor:g} × the time limit"


class ExtraTimeForm(Form):
    factor = SelectField(
        "Extra time",
        coerce=float,
        choices=[SelectChoice(factor, factor_label(factor)) for factor in EXTRA_TIME_FACTORS],
        validate_choice=True,
    )

    def __init__(self, *args, current: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Keep a factor set some other way selectable rather than silently showing 1.0.
        if current is not None and current not in EXTRA_TIME_FACTORS:
            self.factor.choices = sorted(
                [*self.factor.choices, SelectChoice(current, factor_label(current))],
                key=lambda choice: choice.value,
            )
