from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DexCodeMixin(models.AbstractModel):
    """Shared fields of the DEX configuration lists (code, label, archiving)."""

    _name = "dex.code.mixin"
    _description = "DEX Code List Entry"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text()

    @api.depends("name", "code")
    def _compute_display_name(self):
        for record in self:
            record.display_name = (
                f"[{record.code}] {record.name}" if record.code else record.name
            )

    @api.model
    def _search_display_name(self, operator, value):
        if operator in ("ilike", "like", "=", "=like", "=ilike") and value:
            return ["|", ("code", operator, value), ("name", operator, value)]
        return super()._search_display_name(operator, value)

    def _ensure_numeric_code(self, label):
        """DEX carries some identifiers as integers: refuse anything but digits."""
        for record in self:
            if not (record.code or "").isdigit():
                raise ValidationError(
                    self.env._(
                        "The %(label)s of %(name)s must be a whole number, "
                        "not %(code)r.",
                        label=label,
                        name=record.name,
                        code=record.code,
                    )
                )
