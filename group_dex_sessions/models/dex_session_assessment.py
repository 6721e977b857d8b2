from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import rules
from .dex_score_domain import CORE_APPLIES_TO, SCORE_APPLIES_TO


class DexSessionAssessment(models.Model):
    """One SCORE recorded on a session: a phase, a domain and its score.

    Community SCORE (score type GROUP) is about the session; client SCORE is
    about one attending client (their attendance line). Completing the session
    snapshots these lines (dex.assessment.snapshot): the extract reads the
    snapshot, never these lines.
    """

    _name = "dex.session.assessment"
    _description = "DEX SCORE Recorded on a Session"
    _order = "session_id, kind desc, partner_id, phase_sequence, domain_id, id"
    _check_company_auto = True

    session_id = fields.Many2one(
        "dex.session",
        compute="_compute_session_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, precompute=True
    )
    attendance_id = fields.Many2one(
        "dex.session.attendance",
        string="Client",
        index=True,
        ondelete="cascade",
        domain="[('session_id', '=', session_id)]",
        help="The attending client this SCORE is about; empty for the session's "
        "Community SCORE.",
    )
    kind = fields.Selection(
        SCORE_APPLIES_TO,
        string="SCORE For",
        required=True,
        default="session",
        help="Session: the Community SCORE of the session. Client: the SCORE of "
        "one attending client.",
    )
    partner_id = fields.Many2one(
        related="attendance_id.partner_id", string="Attendee", store=True, index=True
    )
    service_type_id = fields.Many2one(
        "dex.service.type",
        string="DEX Service Type",
        compute="_compute_service_type_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('id', 'in', session_service_type_ids)]",
        help="Which of the session's DEX service types the SCORE is reported with; "
        "filled in when the session has only one.",
    )
    session_service_type_ids = fields.Many2many(related="session_id.service_type_ids")
    phase_id = fields.Many2one(
        "dex.code",
        string="Phase",
        required=True,
        ondelete="restrict",
        domain=[("code_list", "=", "AssessmentPhaseCode")],
    )
    phase_sequence = fields.Integer(related="phase_id.sequence", store=True)
    domain_id = fields.Many2one(
        "dex.score.domain",
        string="Domain",
        required=True,
        ondelete="restrict",
        domain="[('applies_to', '=', kind)]",
    )
    score_code_id = fields.Many2one(
        "dex.score.code",
        string="Score",
        required=True,
        ondelete="restrict",
        domain="[('domain_id', '=', domain_id)]",
    )
    score_type_id = fields.Many2one(related="domain_id.score_type_id")

    @api.depends("attendance_id")
    def _compute_session_id(self):
        for line in self:
            if line.attendance_id:
                line.session_id = line.attendance_id.session_id

    @api.depends("session_id.service_type_ids")
    def _compute_service_type_id(self):
        for line in self:
            types = line.session_id.service_type_ids
            if len(types) == 1:
                line.service_type_id = types
            elif line.service_type_id not in types:
                line.service_type_id = False

    @api.constrains(
        "session_id",
        "attendance_id",
        "kind",
        "service_type_id",
        "domain_id",
        "score_code_id",
    )
    def _check_score(self):
        for line in self:
            if bool(line.attendance_id) != (line.kind == "client"):
                raise ValidationError(
                    self.env._(
                        "Client SCORE is about one attending client: choose the "
                        "client (Community SCORE is about the session, not a client)."
                    )
                )
            if line.attendance_id and line.attendance_id.session_id != line.session_id:
                raise ValidationError(
                    self.env._(
                        "%(client)s's SCORE belongs on the session they attend.",
                        client=line.partner_id.display_name,
                    )
                )
            if line.domain_id.applies_to != line.kind:
                raise ValidationError(
                    self.env._(
                        "%(domain)s is not a domain of %(kind)s.",
                        domain=line.domain_id.display_name,
                        kind=dict(self._fields["kind"].selection)[line.kind],
                    )
                )
            if line.score_code_id.domain_id != line.domain_id:
                raise ValidationError(
                    self.env._(
                        "%(score)s is not a score of the domain %(domain)s.",
                        score=line.score_code_id.display_name,
                        domain=line.domain_id.display_name,
                    )
                )
            types = line.session_id.service_type_ids
            if line.service_type_id and line.service_type_id not in types:
                raise ValidationError(
                    self.env._(
                        "%(type)s is not a DEX service type of %(session)s.",
                        type=line.service_type_id.display_name,
                        session=line.session_id.display_name,
                    )
                )
        self.session_id._check_score_lines()

    @api.onchange("domain_id")
    def _onchange_domain_id(self):
        if self.score_code_id.domain_id != self.domain_id:
            self.score_code_id = False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("attendance_id") and "kind" not in vals:
                vals["kind"] = "client"  # a SCORE made on an attendance line
        lines = super().create(vals_list)
        lines.session_id._check_score_editable()
        lines.session_id._on_score_changed()
        return lines

    def write(self, vals):
        self.session_id._check_score_editable()
        sessions = self.session_id
        result = super().write(vals)
        (sessions | self.session_id)._on_score_changed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.session_id._check_score_editable()

    def unlink(self):
        sessions = self.session_id
        result = super().unlink()
        sessions._on_score_changed()
        return result

    def _score_group_key(self):
        """The SessionAssessment or ClientAssessment this line goes into."""
        self.ensure_one()
        return (
            self.session_id.id,
            self.service_type_id.id,
            self.kind,
            self.attendance_id.id,
        )

    def _get_score_problems(self):
        """Why these lines cannot all be sent, as plain texts.

        The lines of one session and service type make one SessionAssessment,
        and those of one client one ClientAssessment: an Assessment per score
        type and phase, one score per domain and phase (core.rules).
        """
        groups = {}
        for line in self:
            groups.setdefault(line._score_group_key(), []).append(line)
        problems = []
        for group in groups.values():
            first = group[0]
            who = first.partner_id.display_name or first.session_id.display_name
            scored = [
                (line.phase_id.code, line.domain_id.code, line.score_code_id.code)
                for line in group
            ]
            for phase, domain, _codes in rules.duplicate_scores(scored):
                problems.append(
                    self.env._(
                        "%(who)s has the domain %(domain)s scored more than once for "
                        "phase %(phase)s: keep one score per domain and phase.",
                        who=who,
                        domain=domain,
                        phase=phase,
                    )
                )
            applies_to = CORE_APPLIES_TO[first.kind]
            count = len({(line.score_type_id.id, line.phase_id.id) for line in group})
            if rules.assessment_count_problem(applies_to, count):
                problems.append(
                    self.env._(
                        "%(who)s has SCORE for %(count)s pairs of score type and "
                        "phase; DEX takes at most %(most)s.",
                        who=who,
                        count=count,
                        most=rules.MAX_ASSESSMENTS[applies_to],
                    )
                )
        return problems
