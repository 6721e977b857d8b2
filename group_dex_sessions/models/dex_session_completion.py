"""Running a session: attendance, worker check-in/out, completion and SD records.

Kept apart from dex_session.py (planning) so the completion rules read in one
place; both files extend the same model.
"""

import logging
import threading
from zoneinfo import ZoneInfo

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from ..tools.local_time import company_tz

_logger = logging.getLogger(__name__)

RUNNING_STATES = ("rostered", "in_progress")
# states in which a session can be completed (by hand; the cron takes only
# running ones, so a session reopened for correction waits for its editor)
COMPLETABLE_STATES = (*RUNNING_STATES, "correction")
# what the SD records are made from: frozen while they exist (completed sessions)
DEX_LOCKED_FIELDS = {
    "start",
    "stop",
    "client_ids",
    "service_ids",
    "service_type_ids",
    "service_setting_id",
    "outlet_activity_id",
    "company_id",
    "attendance_ids",
    "actual_start_criteria",
    "actual_end_criteria",
}


class DexSession(models.Model):
    _inherit = "dex.session"

    attendance_ids = fields.One2many(
        "dex.session.attendance", "session_id", string="Attendance", copy=False
    )
    movement_ids = fields.One2many(
        "dex.session.movement", "session_id", string="Worker Movements", copy=False
    )
    actual_start = fields.Datetime(
        compute="_compute_actual_times",
        store=True,
        help="When the session really started, by its Actual Start Criteria.",
    )
    actual_end = fields.Datetime(
        compute="_compute_actual_times",
        store=True,
        index=True,
        help="When the session really ended, by its Actual End Criteria; empty "
        "while a check-out it needs has not happened.",
    )
    completion_blocker = fields.Char(
        copy=False,
        readonly=True,
        help="Why the scheduled completion could not complete this session.",
    )
    delivery_ids = fields.One2many(
        "dex.service.delivery", "session_id", string="Services Delivered"
    )
    delivery_count = fields.Integer(compute="_compute_delivery_count")

    @api.depends(
        "start",
        "stop",
        "actual_start_criteria",
        "actual_end_criteria",
        "worker_ids",
        "movement_ids.kind",
        "movement_ids.time",
        "movement_ids.employee_id",
    )
    def _compute_actual_times(self):
        for session in self:
            session.actual_start = session._actual_time(
                session.actual_start_criteria, "check_in", session.start
            )
            session.actual_end = session._actual_time(
                session.actual_end_criteria, "check_out", session.stop
            )

    def _actual_time(self, criterion, kind, scheduled):
        if criterion == "scheduled":
            return scheduled
        movements = self.movement_ids.filtered(lambda m: m.kind == kind)
        if criterion.startswith("first_"):
            return min(movements.mapped("time"), default=False)
        # last_*: known once every rostered worker has moved
        if not self.worker_ids or self.worker_ids - movements.employee_id:
            return False
        return max(movements.mapped("time"))

    def _compute_delivery_count(self):
        counts = dict(
            self.env["dex.service.delivery"]._read_group(
                [("session_id", "in", self.ids)], ["session_id"], ["__count"]
            )
        )
        for session in self:
            session.delivery_count = counts.get(session, 0)

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._sync_attendance()
        return sessions

    def write(self, vals):
        if DEX_LOCKED_FIELDS.intersection(vals):
            self._check_dex_fields_editable()
        result = super().write(vals)
        if "client_ids" in vals:
            self._sync_attendance()
        return result

    def _sync_attendance(self):
        """One attendance line per client of a session that is not over yet."""
        open_sessions = self.filtered(
            lambda s: s.state not in ("completed", "cancelled")
        )
        vals_list, stale = [], self.env["dex.session.attendance"]
        for session in open_sessions:
            present = session.attendance_ids.partner_id
            vals_list += [
                {"session_id": session.id, "partner_id": partner.id}
                for partner in session.client_ids - present
            ]
            stale |= session.attendance_ids.filtered(
                lambda line, clients=session.client_ids: line.partner_id not in clients
            )
        stale.unlink()
        self.env["dex.session.attendance"].create(vals_list)

    # ------------------------------------------------------------------ actions

    def action_mark_all_attended(self):
        self.ensure_one()
        self._check_running(self.env._("take attendance"), COMPLETABLE_STATES)
        self.attendance_ids.filtered(lambda line: line.state == "pending").write(
            {"state": "attended"}
        )
        return True

    def action_check_in(self):
        self.ensure_one()
        return self._record_movement("check_in")

    def action_check_out(self):
        self.ensure_one()
        return self._record_movement("check_out")

    def _record_movement(self, kind):
        self._check_running(self.env._("check in or out"))
        employee = self.env.user.employee_id
        if employee not in self.worker_ids:
            raise UserError(
                self.env._(
                    "You are not rostered on %(session)s, so you cannot check in or "
                    "out of it.",
                    session=self.display_name,
                )
            )
        self.env["dex.session.movement"].create(
            {"session_id": self.id, "employee_id": employee.id, "kind": kind}
        )
        return True

    def action_complete(self):
        self.ensure_one()
        blockers = self._get_completion_blockers()
        if blockers:
            raise UserError(blockers[self])
        self._complete()
        return True

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_dex_sessions.dex_service_delivery_action"
        )
        action["domain"] = [("session_id", "=", self.id)]
        action["context"] = {"default_session_id": self.id}
        return action

    def _check_running(self, what, states=RUNNING_STATES):
        if self.state not in states:
            raise UserError(
                self.env._(
                    "You can %(what)s only on a rostered or in-progress session "
                    "(%(session)s is %(state)s).",
                    what=what,
                    session=self.display_name,
                    state=dict(self._fields["state"].selection)[self.state].lower(),
                )
            )

    # --------------------------------------------------------------- business

    def _start_if_due(self, now=None):
        """Rostered sessions whose actual start has come move to in progress."""
        now = now or fields.Datetime.now()
        self.filtered(
            lambda s: s.state == "rostered" and s.actual_start and s.actual_start <= now
        ).write({"state": "in_progress"})

    def _get_completion_blockers(self):
        """{session: plain-English reason} for sessions that cannot complete now."""
        blockers = {}
        now = fields.Datetime.now()
        score_blockers = self._get_score_blockers()
        for session in self:
            if session.state not in COMPLETABLE_STATES:
                blockers[session] = self.env._(
                    "%(session)s is %(state)s; only rostered or in-progress sessions "
                    "complete.",
                    session=session.display_name,
                    state=dict(session._fields["state"].selection)[session.state],
                )
                continue
            reasons = []
            if not session.actual_start:
                reasons.append(session._missing_movement_reason("check_in"))
            if not session.actual_end:
                reasons.append(session._missing_movement_reason("check_out"))
            elif session.actual_end > now:
                # DSS takes only services that were delivered: not before the end
                reasons.append(
                    self.env._(
                        "it has not ended yet (it ends %(end)s)",
                        end=session._format_local(session.actual_end),
                    )
                )
            pending = session.attendance_ids.filtered(lambda a: a.state == "pending")
            if pending:
                reasons.append(
                    self.env._(
                        "attendance not taken for %(clients)s",
                        clients=", ".join(pending.partner_id.mapped("display_name")),
                    )
                )
            else:
                reasons += score_blockers.get(session, [])
            if reasons:
                blockers[session] = self.env._(
                    "%(session)s cannot be completed: %(reasons)s.",
                    session=session.display_name,
                    reasons="; ".join(reasons),
                )
        return blockers

    def _missing_movement_reason(self, kind):
        done = self.movement_ids.filtered(lambda m: m.kind == kind).employee_id
        missing = self.worker_ids - done
        label = (
            self.env._("check-in") if kind == "check_in" else self.env._("check-out")
        )
        return self.env._(
            "waiting for the %(kind)s of %(workers)s",
            kind=label,
            workers=", ".join(missing.mapped("name")) or self.env._("a worker"),
        )

    def _complete(self):
        """Complete these sessions and create their SD records, in one batch.

        Idempotent: SDs that already exist for a (planned service, client) are not
        made again, so a re-run after a crash adds only what is missing.
        """
        if not self:
            return self.env["dex.service.delivery"]
        vals_list = self._prepare_service_delivery_vals()
        # sudo: SD records are made only here, by completing a session the user
        # may complete; nobody creates them directly (no create right)
        deliveries = (
            self.env["dex.service.delivery"].sudo().create(vals_list).sudo(False)
        )
        self.write({"state": "completed", "completion_blocker": False})
        self._snapshot_assessments()
        return deliveries

    def _get_company_tz(self):
        return company_tz(self.env, self.company_id)

    def _get_local_date(self, moment):
        tz_name = self._get_company_tz()
        return (
            moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(tz_name)).date()
        )

    def _get_case_group(self):
        """The group activity a session belongs to: its series, or itself."""
        self.ensure_one()
        if self.recurrence_id:
            return f"series-{self.recurrence_id.id}"
        return f"session-{self.id}"

    def _format_local(self, moment):
        """``moment`` in the company's time zone and the user's language."""
        return format_datetime(
            self.env, moment, tz=self._get_company_tz(), dt_format="short"
        )

    def _prepare_service_delivery_vals(self):
        """Values of the SD records these sessions should have and do not yet."""
        lines = self.service_ids
        existing = set(
            self.env["dex.service.delivery"]
            .search_fetch(
                [("session_service_id", "in", lines.ids), ("state", "!=", "void")],
                ["session_service_id", "partner_id"],
            )
            .mapped(lambda sd: (sd.session_service_id.id, sd.partner_id.id))
        )
        attended = {
            (line.session_id.id, line.partner_id.id)
            for line in self.attendance_ids
            if line.state == "attended"
        }
        pairs = [
            (line, partner)
            for line in lines
            for partner in line.client_ids
            if (line.session_id.id, partner.id) in attended
            and (line.id, partner.id) not in existing
        ]
        dates = {
            session: session._get_local_date(session.actual_start) for session in self
        }
        client_ids = self.env["dex.partner.identifier"]._dex_client_id_map(
            (partner.id, line.session_id.company_id.id, dates[line.session_id])
            for line, partner in pairs
        )
        Delivery = self.env["dex.service.delivery"]
        # what every SD of a planned service shares, read once per line
        common, problems = {}, {}
        for line in {line for line, _partner in pairs}:
            session = line.session_id
            service_type = Delivery._reported_service_type(session, line.service_id)
            problems[line] = Delivery._session_report_problems(session, service_type)
            common[line] = {
                "service_type_id": service_type.id,
                "session_id": session.id,
                "session_service_id": line.id,
                "service_id": line.service_id.id,
                "category_id": line.category_id.id,
                "delivery_method_id": line.delivery_method_id.id,
                "service_type_ids": [fields.Command.set(session.service_type_ids.ids)],
                "service_setting_id": session.service_setting_id.id,
                "outlet_activity_id": session.outlet_activity_id.id,
                "date": dates[session],
                "actual_start": session.actual_start,
                "actual_end": session.actual_end,
                "time_minutes": line.time_minutes,
                "currency_id": line.currency_id.id,
                "client_contribution": line.client_contribution,
                "extra_item_ids": [fields.Command.set(line.extra_item_ids.ids)],
                "travel_chargeable": line.travel_chargeable,
                "travel_area_id": line.travel_area_id.id,
                "worker_ids": [fields.Command.set(session.worker_ids.ids)],
                "company_id": session.company_id.id,
                "case_group": session._get_case_group(),
            }
        vals_list = []
        for line, partner in pairs:
            shared = common[line]
            client_id = client_ids.get(
                (partner.id, shared["company_id"], shared["date"])
            )
            state, reason = Delivery._reportability(client_id, problems[line])
            vals_list.append(
                dict(
                    shared,
                    partner_id=partner.id,
                    dex_client_id=client_id,
                    state=state,
                    not_reportable_reason=reason,
                )
            )
        return vals_list

    # ------------------------------------------------------------------- cron

    @api.model
    def _cron_complete_sessions(self, date_ref=None, batch_size=200):
        """Complete every running session whose actual end has passed.

        Runs per company. Each batch locks its sessions (a second cron worker skips
        them), creates the SDs and commits, so a killed run loses nothing and a
        re-run duplicates nothing. Sessions that cannot complete get an activity.
        """
        now = date_ref or fields.Datetime.now()
        for company in self.env["res.company"].search([]):
            self.with_company(company)._complete_due_sessions(now, batch_size)

    def _complete_due_sessions(self, now, batch_size):
        company = self.env.company
        starting = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "rostered"),
                ("actual_start", "<=", now),
            ]
        )
        self._lock_running(starting.ids)._start_if_due(now)
        due_ids = self.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", RUNNING_STATES),
                ("stop", "<=", now),
            ],
            order="stop, id",
        ).ids
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        done = 0
        for start in range(0, len(due_ids), batch_size):
            batch = self._lock_running(due_ids[start : start + batch_size])
            blockers = batch._get_completion_blockers()
            blocked = batch.filtered(lambda s, b=blockers: s in b)
            # an end criterion met later than now (e.g. a check-out typed in ahead)
            # is simply not due yet
            (batch - blocked).filtered(lambda s: s.actual_end <= now)._complete()
            blocked._flag_cannot_complete(blockers)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=len(due_ids) - start - len(batch)
            )
            if auto_commit:
                # Keep each finished batch whatever happens later; tests skip this.
                self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info(
            "DEX session completion for %s: %d due sessions handled", company.name, done
        )

    def _lock_running(self, session_ids):
        """Lock the still-running sessions among these; skip those another run holds."""
        self.env.cr.execute(
            """
            SELECT id FROM dex_session
             WHERE id = ANY(%s) AND state IN %s
               FOR UPDATE SKIP LOCKED
            """,
            [list(session_ids), RUNNING_STATES],
        )
        locked = self.browse([row[0] for row in self.env.cr.fetchall()])
        # another run may have completed them since our search: read them afresh
        locked.invalidate_recordset()
        return locked.filtered(lambda s: s.state in RUNNING_STATES)

    def _flag_cannot_complete(self, blockers):
        """Tell each session's workers, once, why it could not complete."""
        activity_type = self.env.ref(
            "group_dex_sessions.mail_activity_type_dex_cannot_complete"
        )
        already = {
            (activity.res_id, activity.user_id.id)
            for activity in self.env["mail.activity"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_vals = []
        for session in self:
            reason = blockers[session]
            if session.completion_blocker != reason:
                session.completion_blocker = reason
            users = session.worker_ids.user_id or session.create_uid
            activity_vals += [
                {
                    "res_model_id": model_id,
                    "res_id": session.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Session could not be completed"),
                    "note": reason,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                }
                for user in users
                if (session.id, user.id) not in already
            ]
        # activities are notices to staff, whoever runs the cron
        self.env["mail.activity"].sudo().create(activity_vals)
