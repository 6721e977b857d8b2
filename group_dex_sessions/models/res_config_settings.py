from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dex_roster_conflict_policy = fields.Selection(
        related="company_id.dex_roster_conflict_policy", readonly=False
    )
    dex_case_strategy = fields.Selection(
        related="company_id.dex_case_strategy", readonly=False
    )
    dex_count_unidentified_clients = fields.Boolean(
        related="company_id.dex_count_unidentified_clients", readonly=False
    )
