"""Correcting a completed session: its SD records are taken back, then remade.

A completed session is not edited behind its SD records: *Reopen for
Correction* takes them back (voiding those that went to DEX), the session is
edited and completed again, and the next file sends it under the same DEX IDs.
"""

from odoo import fields, models
from odoo.exceptions import UserError

MANAGER_GROUP = "group_dex_sessions.group_dex_sessions_group_manager"


class DexSessionCorrectionMixin(models.AbstractModel):
    """Correction of dex.session (one capability of the model, see dex_session.py)."""

    _name = "dex.session.correction.mixin"
    _description = "DEX Session: correction"

    # the SD table has no index on extract_id (see dex.service.delivery.init):
    # an extract finds its records through their sessions
    dex_extract_ids = fields.Many2many(
        "dex.extract",
        "dex_extract_session_rel",
        "session_id",
        "extract_id",
        string="DEX Extracts",
        readonly=True,
        copy=False,
        groups=MANAGER_GROUP,
        help="The extracts that hold or sent service delivered records of this "
        "session.",
    )

    def _check_dex_fields_editable(self):
        """A completed session's SD records were made from it: it is not edited.

        Its DEX fields, planned services and attendance change only after
        *Reopen for Correction*, which takes its SD records back, so that the
        records made when it is completed again always match the session.
        """
        completed = self.filtered(lambda session: session.state == "completed")
        if not completed:
            return
        extracted = completed._get_extracted_deliveries()
        if extracted:
            raise UserError(
                self.env._(
                    "%(sessions)s already went to DEX (extract %(extracts)s): its DEX "
                    "fields and attendance are locked. A DEX manager reopens it for "
                    "correction (from the extract or the session); once it is "
                    "completed again, the next file sends the correction with the "
                    "same DEX IDs.",
                    sessions=", ".join(extracted.session_id.mapped("display_name")),
                    extracts=", ".join(extracted.extract_id.mapped("name")),
                )
            )
        raise UserError(
            self.env._(
                "%(sessions)s is completed and its service delivered records were "
                "made from it, so its DEX fields and attendance are locked. Press "
                "Reopen for Correction to change them, then Complete it again.",
                sessions=", ".join(completed.mapped("display_name")),
            )
        )

    def action_reopen_for_correction(self):
        """Ask why, then reopen this completed session (dex.session.reopen)."""
        self.ensure_one()
        self._check_reopenable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen for Correction"),
            "res_model": "dex.session.reopen",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_session_ids": self.ids},
        }

    def _check_reopenable(self):
        """Only completed sessions reopen; extracted ones only for DEX managers."""
        not_completed = self.filtered(lambda session: session.state != "completed")
        if not_completed:
            raise UserError(
                self.env._(
                    "%(sessions)s is not completed: only a completed session is "
                    "reopened for correction.",
                    sessions=", ".join(not_completed.mapped("display_name")),
                )
            )
        if self.env.user.has_group(MANAGER_GROUP):
            return
        extracted = self._get_extracted_deliveries()
        if extracted:
            raise UserError(
                self.env._(
                    "%(sessions)s already went to DEX (extract %(extracts)s): only a "
                    "DEX manager can reopen it, so that the correction reaches DSS "
                    "with the next file.",
                    sessions=", ".join(extracted.session_id.mapped("display_name")),
                    extracts=", ".join(extracted.extract_id.mapped("name")),
                )
            )

    def _get_extracted_deliveries(self):
        """The SD records of these sessions that went to DEX and stand, as sudo.

        sudo: whether (and in which extract) a session went to DEX decides what
        its users may do and what they are told, and DEX users read neither
        extracted records nor extracts themselves.
        """
        return (
            self.env["dex.service.delivery"]
            .sudo()
            .search([("session_id", "in", self.ids), ("state", "=", "extracted")])
        )

    def _reopen_for_correction(self, reason):
        """Take back the SD records of these completed sessions, for correction.

        Records that never went to DEX are deleted (they are made again on
        completion). Extracted ones are voided with the reason and stay on their
        extract as the history of what DSS received; the records made when the
        session is completed again keep the same DEX keys, so the next file
        updates DSS's copy instead of adding one.
        """
        if not (reason or "").strip():
            raise UserError(self.env._("Say what needs correcting."))
        self._check_reopenable()
        reason = reason.strip()
        # sudo: the lifecycle, not the user, changes SD records; the checks above
        # decided who may reopen
        deliveries = self.delivery_ids.sudo()
        extracted = deliveries.filtered(lambda sd: sd.state == "extracted")
        partners = deliveries.partner_id
        (deliveries - extracted).unlink()
        extracted._void(reason)
        self._take_back_assessments(reason, extracted.session_id)
        self.env["dex.extract"]._invalidate_for_partners(
            partners.ids, self.env._("sessions were reopened for correction")
        )
        self.write({"state": "correction", "completion_blocker": False})
        for session in self:
            session._message_log(
                body=self.env._(
                    "Reopened for correction by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
            )
        for extract in extracted.extract_id:
            sessions = extracted.filtered(lambda sd, e=extract: sd.extract_id == e)
            extract._message_log(
                body=self.env._(
                    "Reopened for correction by %(user)s: %(sessions)s (%(reason)s). "
                    "Once completed again, the next file sends the correction with "
                    "the same DEX IDs.",
                    user=self.env.user.name,
                    sessions=", ".join(sessions.session_id.mapped("display_name")),
                    reason=reason,
                ),
            )
        return True
