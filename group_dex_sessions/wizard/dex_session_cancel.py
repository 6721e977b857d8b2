from odoo import api, fields, models

CANCEL_SCOPES = [
    ("self_only", "This session"),
    ("future", "This and all following sessions of the series"),
]


class DexSessionCancel(models.TransientModel):
    """Cancel a session, or the rest of its series, with a reason."""

    _name = "dex.session.cancel"
    _description = "Cancel DEX Group Session"

    session_id = fields.Many2one("dex.session", required=True, ondelete="cascade")
    recurrence_id = fields.Many2one(related="session_id.recurrence_id")
    reason = fields.Text(
        required=True,
        help="Why the session does not go ahead; kept on the session.",
    )
    scope = fields.Selection(
        CANCEL_SCOPES, string="Cancel", required=True, default="self_only"
    )
    session_count = fields.Integer(
        string="Sessions to Cancel", compute="_compute_session_count"
    )

    @api.depends("session_id", "scope")
    def _compute_session_count(self):
        for wizard in self:
            wizard.session_count = len(wizard._get_sessions())

    def _get_sessions(self):
        """The session, and with "future" the later open sessions of its series."""
        self.ensure_one()
        session = self.session_id
        if self.scope != "future" or not session.recurrence_id:
            return session
        return session | self.env["dex.session"].search(
            [
                ("recurrence_id", "=", session.recurrence_id.id),
                ("start", ">=", session.start),
                ("state", "not in", ("completed", "cancelled")),
            ]
        )

    def action_cancel_sessions(self):
        self.ensure_one()
        self._get_sessions()._cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
