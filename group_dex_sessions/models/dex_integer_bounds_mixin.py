from odoo import api, models
from odoo.exceptions import ValidationError

#: An Integer field is a 32-bit column.
INT_MAX = 2**31 - 1


class DexIntegerBoundsMixin(models.AbstractModel):
    """Whole numbers the database can store, refused clearly before it sees them.

    A larger value would reach the user as a raw "integer out of range" from
    PostgreSQL, after the form was submitted.
    """

    _name = "dex.integer.bounds.mixin"
    _description = "DEX: whole numbers within the database's range"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_integer_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_integer_vals([vals])
        return super().write(vals)

    def _check_integer_vals(self, vals_list):
        """Raise a ValidationError naming the field of a value too large."""
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None or field.type != "integer" or isinstance(value, bool):
                    continue
                # Odoo hands a value beyond 32 bits on as a float
                if isinstance(value, int | float) and abs(value) > INT_MAX:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(value)s is far too large (at most %(most)s).",
                            field=field.get_description(self.env)["string"],
                            value=int(value),
                            most=INT_MAX,
                        )
                    )
