from odoo import fields, models


class DexIdentifierType(models.Model):
    """Kind of personal identifier kept on a contact (e.g. the DEX Client ID)."""

    _name = "dex.identifier.type"
    _description = "Personal Identifier Type"
    _order = "sequence, name, id"

    _sql_constraints = [
        ("code_unique", "unique(code)", "An identifier type code must be unique."),
    ]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    sequence_code = fields.Char(
        help="Code of the ir.sequence that generates new values of this type. "
        "Generated values never contain personal information."
    )
