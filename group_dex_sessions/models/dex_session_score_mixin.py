"""SCORE on a session: recording it, and the snapshot that completion makes of it.

Community SCORE (score type GROUP) and client SCORE are recorded on a running
or completed session as dex.session.assessment lines. Completion snapshots them
(dex.assessment.snapshot), as it makes the SD records from the attendance; a
SCORE recorded on a completed session that has not gone to DEX yet is
snapshotted at once. Once the session went to DEX its SCORE is locked: a DEX
manager reopens it for correction, and completing it again makes the snapshot
again, sent under the same DEX IDs.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SCORE_STATES = ("rostered", "in_progress", "correction", "completed")


class DexSessionScoreMixin(models.AbstractModel):
    """SCORE of dex.session (one capability of the model, see dex_session.py)."""

    _name = "dex.session.score.mixin"
    _description = "DEX Session: SCORE"

    assessment_ids = fields.One2many(
        "dex.session.assessment", "session_id", string="SCORE", copy=False
    )
    group_assessment_ids = fields.One2many(
        "dex.session.assessment",
        "session_id",
        string="Community SCORE",
        domain=[("kind", "=", "session")],
        copy=False,
    )
    client_assessment_ids = fields.One2many(
        "dex.session.assessment",
        "session_id",
        string="Client SCORE",
        domain=[("kind", "=", "client")],
        copy=False,
    )
    assessment_snapshot_ids = fields.One2many(
        "dex.assessment.snapshot", "session_id", string="SCORE Delivered"
    )
    score_locked_reason = fields.Char(
        compute="_compute_score_locked_reason",
        help="Why SCORE cannot be recorded on this session now.",
    )

    @api.depends("state")
    def _compute_score_locked_reason(self):
        sent = self._get_sent_to_dex()
        for session in self:
            session.score_locked_reason = session._score_locked_reason(sent)

    def _get_sent_to_dex(self):
        """The sessions among these whose records went to DEX."""
        completed = self.filtered(lambda session: session.state == "completed")
        if not completed:
            return self.browse()
        return completed._get_extracted_deliveries().session_id.sudo(False)

    def _score_locked_reason(self, sent):
        self.ensure_one()
        if self.state not in SCORE_STATES:
            return self.env._(
                "SCORE is recorded on a rostered, running or completed session."
            )
        if self in sent:
            return self.env._(
                "%(session)s already went to DEX: its SCORE is locked. A DEX manager "
                "reopens it for correction; once it is completed again, the next file "
                "sends the SCORE with the same DEX IDs.",
                session=self.display_name,
            )
        return False

    def _check_score_editable(self):
        sent = self._get_sent_to_dex()
        for session in self:
            reason = session._score_locked_reason(sent)
            if reason:
                raise UserError(reason)

    def _score_lines(self):
        """The SCORE lines of these sessions, as saved.

        Searched rather than read from assessment_ids: creating a line
        precomputes its session on a new record, which may linger in that cache.
        """
        return self.env["dex.session.assessment"].search(
            [("session_id", "in", self.ids)]
        )

    def _check_score_lines(self):
        problems = self._score_lines()._get_score_problems()
        if problems:
            raise ValidationError("\n".join(problems))

    def _on_score_changed(self):
        """A SCORE of a completed session changed: snapshot it again now."""
        completed = self.filtered(lambda session: session.state == "completed")
        if completed:
            completed._snapshot_assessments()

    def _get_score_blockers(self):
        """{session: [reasons]} for SCORE that keeps a session from completing."""
        blockers = {}
        lines = self._score_lines()
        for session in self:
            reasons = []
            own = lines.filtered(lambda line, s=session: line.session_id == s)
            absent = own.attendance_id.filtered(lambda line: line.state != "attended")
            if absent:
                reasons.append(
                    self.env._(
                        "client SCORE is recorded for %(clients)s, who did not attend",
                        clients=", ".join(absent.partner_id.mapped("display_name")),
                    )
                )
            types = session.service_type_ids
            if own.filtered(lambda line, t=types: line.service_type_id not in t):
                reasons.append(
                    self.env._(
                        "choose the DEX service type each SCORE is reported with "
                        "(the session has several)"
                    )
                )
            if reasons:
                blockers[session] = reasons
        return blockers

    def _prepare_assessment_snapshot_vals(self):
        return [
            {
                "session_id": line.session_id.id,
                "service_type_id": line.service_type_id.id,
                "kind": line.kind,
                "partner_id": line.partner_id.id,
                "phase_id": line.phase_id.id,
                "score_type_id": line.score_type_id.id,
                "domain_id": line.domain_id.id,
                "score_code_id": line.score_code_id.id,
                "company_id": line.session_id.company_id.id,
            }
            for line in self._score_lines()
        ]

    def _snapshot_assessments(self):
        """Make the SCORE snapshot of these completed sessions (again)."""
        # sudo: completion, not the user, keeps what the extract reads
        Snapshot = self.env["dex.assessment.snapshot"].sudo()
        old = Snapshot.search(
            [("session_id", "in", self.ids), ("state", "=", "current")]
        )
        vals_list = self._prepare_assessment_snapshot_vals()
        if not (old or vals_list):
            return
        old.unlink()
        Snapshot.create(vals_list)
        deliveries = (
            self.env["dex.service.delivery"]
            .sudo()
            .search([("session_id", "in", self.ids)])
        )
        self.env["dex.extract"]._invalidate_for_partners(
            deliveries.partner_id.ids, self.env._("a session's SCORE changed")
        )

    def _take_back_assessments(self, reason, sent):
        """Reopening for correction: the snapshot of what went to DEX is voided
        (``sent``), any other is deleted; completion makes it again."""
        # sudo: the lifecycle, not the user, changes what the extract reads
        snapshots = (
            self.env["dex.assessment.snapshot"]
            .sudo()
            .search([("session_id", "in", self.ids), ("state", "=", "current")])
        )
        kept = snapshots.filtered(lambda snapshot: snapshot.session_id in sent)
        (snapshots - kept).unlink()
        kept.write({"state": "void", "void_reason": reason})
