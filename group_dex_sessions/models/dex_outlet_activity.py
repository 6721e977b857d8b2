from odoo import api, fields, models


class DexOutletActivity(models.Model):
    """One outlet x program activity of the organisation (DEX OutletActivityId)."""

    _name = "dex.outlet.activity"
    _inherit = ["dex.code.mixin"]
    _description = "DEX Outlet Activity"
    _order = "sequence, name, id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "An OutletActivityId can be configured only once per company.",
        ),
    ]

    code = fields.Char(string="OutletActivityId")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    program_activity = fields.Char()
    date_start = fields.Date(string="Available From")
    date_end = fields.Date(string="Available To")
    service_type_ids = fields.Many2many(
        "dex.service.type",
        string="Allowed Service Types",
        help="Service types DSS allows for this activity; leave empty to allow any.",
    )

    @api.constrains("code")
    def _check_code(self):
        self._ensure_numeric_code(self.env._("OutletActivityId"))
