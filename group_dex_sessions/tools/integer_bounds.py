"""Whole numbers PostgreSQL can store, refused clearly before it sees them.

An Integer field is a 32-bit column: a larger value would reach the user as a
raw "integer out of range" from the database, after the form was submitted.
"""

from odoo.exceptions import ValidationError

INT_MAX = 2**31 - 1


def check_integer_vals(model, vals_list):
    """Raise a ValidationError naming the field of the first value too large."""
    for vals in vals_list:
        for name, value in vals.items():
            field = model._fields.get(name)
            if field is None or field.type != "integer" or isinstance(value, bool):
                continue
            # Odoo hands a value beyond 32 bits on as a float
            if isinstance(value, int | float) and abs(value) > INT_MAX:
                label = field.get_description(model.env)["string"]
                raise ValidationError(
                    model.env._(
                        "%(field)s: %(value)s is far too large (at most %(most)s).",
                        field=label,
                        value=int(value),
                        most=INT_MAX,
                    )
                )
