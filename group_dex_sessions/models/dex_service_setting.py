from odoo import fields, models


class DexServiceSetting(models.Model):
    """DEX ServiceSettingCode: where or how a session was delivered."""

    _name = "dex.service.setting"
    _inherit = ["dex.code.mixin"]
    _description = "DEX Service Setting"
    _order = "sequence, name, id"

    _sql_constraints = [
        ("code_unique", "unique(code)", "A DEX service setting code must be unique."),
    ]

    is_remote = fields.Boolean(
        string="Remote Delivery",
        help="Telephone or digital delivery rather than a physical venue.",
    )
