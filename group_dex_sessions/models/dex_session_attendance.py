from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORE_FORM = "group_dex_sessions.dex_session_attendance_view_form"
ATTENDANCE_STATES = [
    ("pending", "Not Taken"),
    ("attended", "Attended"),
    ("absent", "Absent"),
    ("cancelled", "Cancelled"),
]


class DexSessionAttendance(models.Model):
    """Whether one client attended one session; SD records follow attended clients."""

    _name = "dex.session.attendance"
    _description = "DEX Session Attendance"
    _order = "session_id, partner_id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "session_partner_unique",
            "unique(session_id, partner_id)",
            "A client has one attendance line per session.",
        ),
    ]

    session_id = fields.Many2one(
        "dex.session", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, precompute=True
    )
    state = fields.Selection(
        ATTENDANCE_STATES, string="Attendance", required=True, default="pending"
    )
    reason = fields.Char(help="Why the client was absent or cancelled.")
    assessment_ids = fields.One2many(
        "dex.session.assessment", "attendance_id", string="Client SCORE"
    )
    score_locked_reason = fields.Char(related="session_id.score_locked_reason")

    @api.depends("partner_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = line.partner_id.display_name

    @api.constrains("state", "reason")
    def _check_reason(self):
        for line in self:
            if (
                line.state in ("absent", "cancelled")
                and not (line.reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Give a reason why %(client)s is %(state)s for %(session)s.",
                        client=line.partner_id.display_name,
                        state=dict(ATTENDANCE_STATES)[line.state].lower(),
                        session=line.session_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.session_id._check_dex_fields_editable()
        return lines

    def write(self, vals):
        if set(vals) != {"assessment_ids"}:
            # SCORE has its own rule (dex_session_score_mixin.py)
            self.session_id._check_dex_fields_editable()
        return super().write(vals)

    def action_record_score(self):
        """This client's SCORE for the session, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Client SCORE: %(client)s", client=self.display_name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref(SCORE_FORM).id, "form")],
            "target": "new",
        }
