from odoo import fields, models


class DexTravelArea(models.Model):
    """Area used to charge travel for a planned service."""

    _name = "dex.travel.area"
    _description = "DEX Travel Area"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share between companies."
    )
