from odoo import fields, models

from .dex_score_domain import SCORE_APPLIES_TO

SNAPSHOT_STATES = [("current", "Current"), ("void", "Void")]


class DexAssessmentSnapshot(models.Model):
    """A SCORE as it was when its session was completed: what the extract sends.

    Made from the session's SCORE lines by completion, like the SD records are
    made from its attendance; the extract never reads the lines themselves. A
    session reopened for correction takes them back (voided, when the session
    went to DEX: the history of what DSS received) and completion makes them
    again, so they go to DSS under the session's same CaseId and SessionId.
    """

    _name = "dex.assessment.snapshot"
    _description = "DEX SCORE Delivered"
    _order = "session_id desc, kind desc, partner_id, id"
    _check_company_auto = True

    state = fields.Selection(
        SNAPSHOT_STATES, required=True, default="current", index=True, readonly=True
    )
    session_id = fields.Many2one(
        "dex.session", required=True, index=True, ondelete="restrict", readonly=True
    )
    service_type_id = fields.Many2one(
        "dex.service.type", string="Reported As", readonly=True, index=True
    )
    kind = fields.Selection(
        SCORE_APPLIES_TO, string="SCORE For", required=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", index=True, readonly=True
    )
    phase_id = fields.Many2one(
        "dex.code", string="Phase", required=True, readonly=True, ondelete="restrict"
    )
    score_type_id = fields.Many2one(
        "dex.code",
        string="Score Type",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    domain_id = fields.Many2one(
        "dex.score.domain", required=True, readonly=True, ondelete="restrict"
    )
    score_code_id = fields.Many2one(
        "dex.score.code",
        string="Score",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    void_reason = fields.Char(string="Why Void", readonly=True)
