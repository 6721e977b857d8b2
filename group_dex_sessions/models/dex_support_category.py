from odoo import fields, models


class DexSupportCategory(models.Model):
    """Groups services the way staff think of them (no DEX element of its own)."""

    _name = "dex.support.category"
    _description = "DEX Support Category"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share between companies."
    )
    service_ids = fields.One2many("dex.service", "category_id", string="Services")
