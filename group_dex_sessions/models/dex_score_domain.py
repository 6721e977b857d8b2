from odoo import fields, models

from ..core.codes import FOR_CLIENT, FOR_SESSION

SCORE_APPLIES_TO = [("session", "Session"), ("client", "Client")]
#: DEX's ApplicableFor, by the SCORE For value kept here
CORE_APPLIES_TO = {"session": FOR_SESSION, "client": FOR_CLIENT}


class DexScoreDomain(models.Model):
    """A SCORE domain (GROUPSKILLS, HOUSING...): what one score measures.

    Loaded from the core's AssessmentScoreCode list and kept current by the
    reference-data refresh; DEX carries no domain element, each ScoreCode starts
    with its domain's code.
    """

    _name = "dex.score.domain"
    _inherit = ["dex.code.mixin"]
    _description = "DEX SCORE Domain"
    _order = "sequence, code, id"

    _sql_constraints = [
        ("code_unique", "unique(code)", "A SCORE domain code must be unique."),
    ]

    code = fields.Char(string="Domain Code")
    score_type_id = fields.Many2one(
        "dex.code",
        string="Score Type",
        required=True,
        ondelete="restrict",
        domain=[("code_list", "=", "ScoreTypeCode")],
        help="The DEX ScoreTypeCode this domain belongs to (GROUP is the Community "
        "SCORE of a session).",
    )
    applies_to = fields.Selection(
        SCORE_APPLIES_TO,
        required=True,
        help="Whether DSS takes this domain for a session (Community SCORE) or for "
        "one client.",
    )
    score_code_ids = fields.One2many("dex.score.code", "domain_id", string="Scores")
