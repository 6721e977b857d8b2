from odoo import models


class DexExtraItem(models.Model):
    """DEX ExtraItemCode, shown to staff as an Assistance Item."""

    _name = "dex.extra.item"
    _inherit = ["dex.code.mixin"]
    _description = "DEX Assistance Item"
    _order = "sequence, name, id"

    _sql_constraints = [
        ("code_unique", "unique(code)", "A DEX assistance item code must be unique."),
    ]
