from odoo import fields, models


class DexDeliveryMethod(models.Model):
    """How a planned service is delivered (face to face, phone, video...)."""

    _name = "dex.delivery.method"
    _description = "DEX Delivery Method"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    service_setting_id = fields.Many2one(
        "dex.service.setting",
        string="Suggested Service Setting",
        help="DEX records delivery mode only through the session's service setting.",
    )
