from odoo import fields, models

ROSTER_CONFLICT_POLICIES = [("warn", "Warn"), ("block", "Block")]

# SPEC.md 2.1: how sessions are grouped into DEX cases.
CASE_STRATEGIES = [
    ("series", "One case per group activity (a series, or a one-off session)"),
    ("service", "One case per service"),
    ("client", "One case per client"),
]


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
    dex_case_strategy = fields.Selection(
        CASE_STRATEGIES,
        string="DEX Case Structure",
        required=True,
        default="series",
        help="How the DEX extract groups sessions into cases, always within one "
        "outlet activity. A case's CaseId never changes once it was sent.",
    )
    dex_count_unidentified_clients = fields.Boolean(
        string="Count Attendees Without a DEX Client ID",
        help="Off (the default, as before this setting existed): attendees without "
        "a DEX Client ID are left out of the DEX file, and each extract lists them "
        "as warnings. On: each session also counts them in its "
        "TotalNumberOfUnidentifiedClients; they are still listed.",
    )
