from odoo import api, fields, models


class DexSessionReopen(models.TransientModel):
    """Reopen completed sessions for correction, saying what needs correcting.

    Opened from a session (that session) or from an extract (its sessions, to
    pick from). The sessions' SD records are taken back (extracted ones are
    voided with the reason); once completed again, the next file sends the
    corrected sessions under the same CaseIds and SessionIds.
    """

    _name = "dex.session.reopen"
    _description = "Reopen DEX Sessions for Correction"

    extract_id = fields.Many2one("dex.extract", readonly=True, ondelete="cascade")
    available_session_ids = fields.Many2many(
        "dex.session",
        "dex_session_reopen_available_rel",
        compute="_compute_available_session_ids",
    )
    session_ids = fields.Many2many(
        "dex.session",
        "dex_session_reopen_session_rel",
        string="Sessions",
        required=True,
        domain="[('id', 'in', available_session_ids)]",
    )
    reason = fields.Text(
        string="What Needs Correcting",
        required=True,
        help="Kept on each session and, for extracted records, on the voided "
        "records and the extract.",
    )

    @api.depends("extract_id", "session_ids")
    def _compute_available_session_ids(self):
        for wizard in self:
            if wizard.extract_id:
                wizard.available_session_ids = wizard.extract_id._get_sent_sessions()
            else:
                wizard.available_session_ids = wizard.session_ids

    def action_reopen(self):
        self.ensure_one()
        self.session_ids._reopen_for_correction(self.reason)
        if len(self.session_ids) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "dex.session",
                "res_id": self.session_ids.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return {"type": "ir.actions.act_window_close"}
