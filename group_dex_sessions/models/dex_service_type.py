from odoo import api, fields, models


class DexServiceType(models.Model):
    """DEX ServiceTypeId; which ones apply depends on the program activity."""

    _name = "dex.service.type"
    _inherit = ["dex.code.mixin"]
    _description = "DEX Service Type"
    _order = "sequence, name, id"

    _sql_constraints = [
        ("code_unique", "unique(code)", "A DEX ServiceTypeId must be unique."),
    ]

    code = fields.Char(string="ServiceTypeId")
    requires_time_minutes = fields.Boolean(
        help="DEX expects TimeMinutes on sessions of this service type."
    )
    requires_fees = fields.Boolean(
        string="Requires Fees Charged",
        help="DEX expects FeesCharged on sessions of this service type.",
    )

    @api.constrains("code")
    def _check_code(self):
        self._ensure_numeric_code(self.env._("DEX ServiceTypeId"))
