from odoo import fields, models

ROSTER_CONFLICT_POLICIES = [("warn", "Warn"), ("block", "Block")]


class ResCompany(models.Model):
    _inherit = "res.company"

    dex_roster_conflict_policy = fields.Selection(
        ROSTER_CONFLICT_POLICIES,
        string="Roster Conflicts",
        required=True,
        default="warn",
        help="When a worker is double-booked or on time off: Warn rosters the "
        "session anyway and asks its planner to check it; Block refuses to roster.",
    )
