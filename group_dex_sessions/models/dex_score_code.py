from odoo import api, fields, models


class DexScoreCode(models.Model):
    """A DEX AssessmentScoreCode: one score (1 to 5) of one SCORE domain."""

    _name = "dex.score.code"
    _inherit = ["dex.code.mixin"]
    _description = "DEX SCORE Score"
    _order = "domain_id, sequence, score, id"

    _sql_constraints = [
        ("code_unique", "unique(code)", "A DEX ScoreCode must be unique."),
    ]

    code = fields.Char(string="ScoreCode")
    domain_id = fields.Many2one(
        "dex.score.domain", required=True, index=True, ondelete="restrict"
    )
    score = fields.Integer(help="The score, from 1 to 5.")
    score_type_id = fields.Many2one(related="domain_id.score_type_id", store=True)
    applies_to = fields.Selection(related="domain_id.applies_to", store=True)

    @api.depends("name")
    def _compute_display_name(self):
        # chosen next to its domain: "Score 3 - ..." says it, the code repeats it
        for record in self:
            record.display_name = record.name
