from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import clean_context

from ..tools.local_time import format_local_datetime

SESSION_STATES = [
    ("draft", "Draft"),
    ("rostered", "Rostered"),
    ("in_progress", "In Progress"),
    ("correction", "Reopened for Correction"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
]

# Calendar colour index per state (web's o_calendar_color_N palette).
STATE_COLORS = {
    "draft": 0,
    "rostered": 4,
    "in_progress": 2,
    "correction": 3,
    "completed": 10,
    "cancelled": 1,
}

ROSTERED_STATES = ("rostered", "in_progress")
# Sessions that were held: their SD records exist (completed) or are being
# remade (reopened for correction). Neither is rewritten by series edits.
HELD_STATES = ("completed", "correction")
RECURRENCE_UPDATES = [
    ("self_only", "This session"),
    ("future", "This and following"),
    ("all_sessions", "All sessions"),
]
# Session fields that an edit of "this and following" or "all sessions" copies to
# the other sessions of the series (start and stop are moved in local time).
SERIES_FIELDS = (
    "name",
    "location_type",
    "site_partner_id",
    "home_partner_id",
    "location_address",
    "online_details",
    "client_ids",
    "worker_ids",
    "worker_count_required",
    "actual_start_criteria",
    "actual_end_criteria",
    "service_setting_id",
    "outlet_activity_id",
    "service_type_ids",
)
# Fields whose change must reach the workers' calendar events.
CALENDAR_FIELDS = frozenset(
    {
        "name",
        "start",
        "stop",
        "state",
        "worker_ids",
        "location_type",
        "site_partner_id",
        "home_partner_id",
        "location_address",
        "online_details",
    }
)
# Rostering puts sessions on workers' calendars without e-mailing anyone:
# calendar 18 honours no_mail_to_attendees (invitations, date changes) and
# dont_notify (reminder alarms); mail.thread honours the mail_* keys.
CALENDAR_CONTEXT = {
    "no_mail_to_attendees": True,
    "dont_notify": True,
    "mail_create_nosubscribe": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
}


class DexSession(models.Model):
    """A group session planned in the calendar and later reported to DEX."""

    _name = "dex.session"
    _inherit = [
        "dex.session.details.mixin",
        "dex.session.correction.mixin",
        "dex.session.score.mixin",
        "dex.session.timeline.mixin",
        "dex.session.day.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _description = "DEX Group Session"
    _order = "start desc, id desc"
    _check_company_auto = True

    _sql_constraints = [
        (
            "worker_count_positive",
            "CHECK(worker_count_required >= 0)",
            "The number of workers required cannot be negative.",
        ),
    ]

    name = fields.Char(tracking=True)
    active = fields.Boolean(
        default=True,
        tracking=True,
        help="Archive a session to hide it; a session that took place is never "
        "deleted, and its records stay reportable.",
    )
    start = fields.Datetime(tracking=True)
    stop = fields.Datetime(tracking=True)
    location_type = fields.Selection(tracking=True)
    worker_count_required = fields.Integer(tracking=True)
    service_setting_id = fields.Many2one(tracking=True)
    outlet_activity_id = fields.Many2one(tracking=True)
    state = fields.Selection(
        SESSION_STATES,
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    client_ids = fields.Many2many(
        relation="dex_session_client_rel",
        column1="session_id",
        column2="partner_id",
        tracking=True,
    )
    worker_ids = fields.Many2many(
        relation="dex_session_worker_rel",
        column1="session_id",
        column2="employee_id",
        tracking=True,
    )
    worker_id = fields.Many2one(
        "hr.employee",
        string="Lead Worker",
        compute="_compute_worker_id",
        store=True,
        index=True,
        help="The first rostered worker.",
    )
    service_ids = fields.One2many(
        "dex.session.service", "session_id", string="Planned Services", copy=True
    )
    service_type_ids = fields.Many2many(
        "dex.service.type",
        string="DEX Service Types",
        help="DEX ServiceTypeIds the session is reported under.",
    )
    calendar_color = fields.Integer(compute="_compute_calendar_color", store=True)
    unreported_client_ids = fields.Many2many(
        "res.partner",
        string="Not in DEX Extract",
        compute="_compute_unreported_client_ids",
        help="Attendees without a DEX Client ID: they can attend but are not "
        "reported to DEX until they get one.",
    )
    location_display = fields.Char(string="Where", compute="_compute_location_display")
    recurrence_id = fields.Many2one(
        "dex.session.recurrence",
        string="Series",
        index=True,
        ondelete="set null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    recurrence_session_count = fields.Integer(
        related="recurrence_id.session_count", string="Sessions in Series"
    )
    recurrence_update = fields.Selection(
        RECURRENCE_UPDATES,
        string="Apply Changes To",
        compute="_compute_recurrence_update",
        readonly=False,
        help="Which sessions of the series an edit of this one changes. Completed "
        "and cancelled sessions are never changed.",
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        copy=False,
        ondelete="set null",
        readonly=True,
        help="The entry on the workers' calendars while the session is rostered.",
    )
    cancel_reason = fields.Text(tracking=True, copy=False, readonly=True)

    @api.depends("worker_ids")
    def _compute_worker_id(self):
        for session in self:
            session.worker_id = session.worker_ids[:1]

    @api.depends("state")
    def _compute_calendar_color(self):
        for session in self:
            session.calendar_color = STATE_COLORS.get(session.state, 0)

    @api.depends("client_ids")
    @api.depends_context("company")
    def _compute_unreported_client_ids(self):
        for session in self:
            session.unreported_client_ids = session.client_ids.filtered(
                lambda partner: not partner.dex_reportable
            )

    @api.depends(
        "location_type",
        "site_partner_id",
        "home_partner_id",
        "location_address",
        "online_details",
    )
    def _compute_location_display(self):
        for session in self:
            session.location_display = {
                "site": session.site_partner_id.display_name,
                "client_home": session.home_partner_id.display_name,
                "other": session.location_address,
                "online": session.online_details,
            }.get(session.location_type) or False

    def _compute_recurrence_update(self):
        self.recurrence_update = "self_only"

    @api.constrains(
        "client_ids",
        "service_ids",
        "outlet_activity_id",
        "worker_ids",
        "worker_count_required",
        "state",
        "service_setting_id",
        "service_type_ids",
        "location_type",
        "site_partner_id",
        "home_partner_id",
        "location_address",
        "online_details",
        "recurrence",
        "recurrence_interval",
        "recurrence_end",
        "recurrence_until",
        "recurrence_count",
    )
    def _check_session(self):
        for session in self:
            errors = session._get_session_errors()
            if errors:
                raise ValidationError("\n".join(errors))

    def _get_session_errors(self):
        self.ensure_one()
        rostered = self.state in ROSTERED_STATES + HELD_STATES
        return (
            self._get_detail_errors()
            + self._get_attendee_errors()
            + self.service_ids._get_planned_service_errors(self.client_ids)
            + self._get_finalise_errors(
                self.service_type_ids | self.service_ids.service_id.service_type_id,
                rostering=rostered,
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("recurrence_update", None)
        sessions = super().create(vals_list)
        sessions._sync_calendar_events()
        return sessions

    def write(self, vals):
        scope = vals.pop("recurrence_update", None) or "self_only"
        series_vals, before = {}, {}
        if scope != "self_only":
            series_vals = {
                name: vals[name]
                for name in (*SERIES_FIELDS, "start", "stop")
                if name in vals
            }
        if series_vals:
            self.filtered("recurrence_id")._check_series_edit()
            before = {session: (session.start, session.stop) for session in self}
        result = super().write(vals)
        if CALENDAR_FIELDS.intersection(vals):
            self._sync_calendar_events()
        if series_vals:
            for session in self.filtered("recurrence_id"):
                session._write_series(scope, series_vals, before[session])
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        held = self.filtered(
            lambda session: session.state in HELD_STATES
            or session.sudo().delivery_ids  # sudo: records DEX users cannot all read
        )
        if held:
            raise UserError(
                self.env._(
                    "%(sessions)s took place and has service delivered records, so it "
                    "is never deleted: archive it to hide it, or cancel it (Cancel "
                    "Session) if it did not take place.",
                    sessions=", ".join(held.mapped("display_name")),
                )
            )

    def unlink(self):
        # sudo: a session's private calendar event goes with it (see
        # _sync_calendar_events)
        events = self.calendar_event_id.sudo()
        result = super().unlink()
        events.with_context(
            clean_context(self.env.context), **CALENDAR_CONTEXT
        ).unlink()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_roster(self):
        """Roster a draft session: on the workers' calendars, after the checks."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only draft sessions can be rostered."))
        conflicts = self._roster()
        if conflicts:
            return self._get_roster_conflict_notification(conflicts)
        return True

    def action_cancel(self):
        """Open the cancel wizard, which asks for a reason (and the scope)."""
        self.ensure_one()
        self._check_cancellable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Session"),
            "res_model": "dex.session.cancel",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_session_id": self.id},
        }

    def action_reset_to_draft(self):
        self.ensure_one()
        if self.state not in ("rostered", "cancelled"):
            raise UserError(
                self.env._("Only rostered or cancelled sessions can go back to draft.")
            )
        self.write({"state": "draft", "cancel_reason": False})
        return True

    def action_open_series(self):
        self.ensure_one()
        return self.recurrence_id.action_open_sessions()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_cancellable(self):
        """A session that went to DEX cannot be cancelled here: DSS has it."""
        held = self.filtered(lambda session: session.state in HELD_STATES)
        # sudo: whether records went to DEX decides; DEX users cannot read them all
        sent = (
            self.env["dex.service.delivery"]
            .sudo()
            .search(
                [
                    ("session_id", "in", held.ids),
                    ("state", "in", ("extracted", "void")),
                    ("extract_id", "!=", False),
                ]
            )
            .session_id
        )
        if sent:
            raise UserError(
                self.env._(
                    "%(sessions)s went to DEX, so it is not cancelled here: if it did "
                    "not take place, remove it in the DEX portal, then archive it.",
                    sessions=", ".join(sent.mapped("display_name")),
                )
            )

    def _cancel(self, reason):
        """Cancel these sessions: off the calendars, never completed or reported.

        A completed session that never went to DEX can be cancelled too (it did
        not take place after all): its service delivered records are deleted.
        """
        if not reason or not reason.strip():
            raise UserError(self.env._("Give a reason for cancelling the session."))
        self._check_cancellable()
        held = self.filtered(lambda session: session.state in HELD_STATES)
        # sudo: the lifecycle, not the user, deletes SD records; they never went
        # to DEX (checked above)
        held.delivery_ids.sudo().unlink()
        self.filtered(lambda session: session.state != "cancelled").write(
            {"state": "cancelled", "cancel_reason": reason.strip()}
        )
        return True

    def _check_series_edit(self):
        completed = self.filtered(lambda session: session.state in HELD_STATES)
        if completed:
            raise UserError(
                self.env._(
                    "%(sessions)s is completed: a completed session is never "
                    "rewritten, so its changes cannot be applied to the series. "
                    "Edit another session of the series instead.",
                    sessions=", ".join(completed.mapped("display_name")),
                )
            )

    def _get_series_value(self, name, value):
        """``value`` of ``name`` as it may be written on other sessions.

        Adding or removing clients or workers is repeated as such; anything
        else on a many2many (e.g. creating a contact) becomes "the same as here".
        """
        if self._fields[name].type != "many2many":
            return value
        relinkable = (Command.UNLINK, Command.LINK, Command.CLEAR, Command.SET)
        if all(isinstance(cmd, list | tuple) and cmd[0] in relinkable for cmd in value):
            return value
        return [Command.set(self[name].ids)]

    def _write_series(self, scope, vals, before):
        """Apply an edit of this session to the rest of its series.

        ``before`` is this session's (start, stop) before the edit. "future"
        means the sessions starting at or after that start. Completed and
        cancelled sessions are left alone; completed ones are listed in the
        chatter so nobody thinks they changed.
        """
        self.ensure_one()
        domain = [("recurrence_id", "=", self.recurrence_id.id), ("id", "!=", self.id)]
        if scope == "future":
            domain.append(("start", ">=", before[0]))
        others = self.search(domain, order="start, id")
        completed = others.filtered(lambda session: session.state in HELD_STATES)
        targets = others.filtered(
            lambda session: session.state not in (*HELD_STATES, "cancelled")
        )
        shared = {
            name: self._get_series_value(name, vals[name])
            for name in SERIES_FIELDS
            if name in vals
        }
        if targets and ("start" in vals or "stop" in vals):
            slots = self._shift_slots(
                [(target.start, target.stop) for target in targets],
                before,
                (self.start, self.stop),
                self.recurrence_id.tz,
            )
            for target, (start, stop) in zip(targets, slots, strict=True):
                target.write(dict(shared, start=start, stop=stop))
        elif targets and shared:
            targets.write(shared)
        if completed:
            self._message_log(
                body=self.env._(
                    "Completed sessions are never rewritten, so this change was not "
                    "applied to: %(sessions)s.",
                    sessions=", ".join(
                        session._get_dated_name() for session in completed
                    ),
                ),
            )

    def _get_dated_name(self):
        self.ensure_one()
        return self.env._(
            "%(name)s on %(start)s",
            name=self.name,
            start=format_local_datetime(self.env, self.start, self.company_id),
        )

    # Rostering ---------------------------------------------------------

    def _roster(self):
        """Roster these draft sessions and put them on the workers' calendars.

        Too few workers always blocks. Double bookings and time off block or
        only warn, per the company's setting; returns ``{session: [messages]}``
        of the conflicts that were rostered anyway (and noted on the sessions).
        """
        errors = [error for session in self for error in session._get_roster_errors()]
        if errors:
            raise ValidationError("\n".join(errors))
        conflicts = self._get_roster_conflicts()
        blocked = self._get_blocking_conflicts(conflicts)
        if blocked:
            raise UserError(
                self.env._(
                    "These sessions cannot be rostered:\n%(conflicts)s",
                    conflicts=self._format_conflicts(blocked),
                )
            )
        self.write({"state": "rostered"})
        if conflicts:
            self._note_roster_conflicts(conflicts)
        return conflicts

    def _get_roster_conflicts(self):
        """``{session: [messages]}``: workers double-booked or on time off.

        One search for the other rostered or in-progress sessions of the same
        workers and one for their time off, over the span of all these sessions.
        """
        sessions = self.filtered(
            lambda session: session.worker_ids and session.start and session.stop
        )
        if not sessions:
            return {}
        workers = sessions.worker_ids
        begin = min(sessions.mapped("start"))
        end = max(sessions.mapped("stop"))
        others = self.search(
            [
                ("id", "not in", sessions.ids),
                ("state", "in", ROSTERED_STATES),
                ("worker_ids", "in", workers.ids),
                ("start", "<", end),
                ("stop", ">", begin),
            ],
            order="start, id",
        )
        booked = defaultdict(list)
        for booking in others | sessions:
            for worker in booking.worker_ids & workers:
                booked[worker].append(booking)
        leaves = self._get_worker_leaves(workers, begin, end)
        conflicts = defaultdict(list)
        for session in sessions:
            for worker in session.worker_ids:
                for booking in booked[worker]:
                    if (
                        booking != session
                        and booking.start < session.stop
                        and booking.stop > session.start
                    ):
                        conflicts[session].append(
                            self.env._(
                                "%(worker)s is already rostered on %(session)s.",
                                worker=worker.name,
                                session=booking._get_dated_name(),
                            )
                        )
                for leave in leaves[worker]:
                    if leave.date_from < session.stop and leave.date_to > session.start:
                        conflicts[session].append(
                            self._get_leave_message(worker, leave)
                        )
        return dict(conflicts)

    @api.model
    def _get_blocking_conflicts(self, conflicts):
        """The conflicts of ``conflicts`` whose company blocks instead of warning."""
        return {
            session: messages
            for session, messages in conflicts.items()
            if session.company_id.dex_roster_conflict_policy == "block"
        }

    @api.model
    def _get_leave_message(self, worker, leave):
        when = {
            "worker": worker.name,
            "start": format_local_datetime(self.env, leave.date_from),
            "stop": format_local_datetime(self.env, leave.date_to),
        }
        if leave.resource_id:
            # a worker's own leave: its reason is theirs and HR's business
            return self.env._(
                "%(worker)s is on time off from %(start)s to %(stop)s.", **when
            )
        return self.env._(
            "%(worker)s is on time off (%(leave)s) from %(start)s to %(stop)s.",
            leave=leave.name or self.env._("public holiday"),
            **when,
        )

    @api.model
    def _get_worker_leaves(self, workers, begin, end):
        """``{worker: leaves}``: time off of each worker between begin and end.

        A worker's own leaves, plus the leaves of no one in particular (e.g.
        public holidays) on the worker's working-hours calendar.
        """
        # sudo: employees may read only their own time off; this reads just
        # when the workers are away, and the reason only of leaves of no one
        # in particular (public holidays), see _get_roster_conflicts.
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("time_type", "=", "leave"),
                    ("date_from", "<", end),
                    ("date_to", ">", begin),
                    "|",
                    ("resource_id", "in", workers.resource_id.ids),
                    "&",
                    ("resource_id", "=", False),
                    ("calendar_id", "in", workers.resource_calendar_id.ids),
                ],
                order="date_from, id",
            )
        )
        by_worker = defaultdict(list)
        for worker in workers:
            for leave in leaves:
                if leave.resource_id:
                    if leave.resource_id == worker.resource_id:
                        by_worker[worker].append(leave)
                elif leave.calendar_id == worker.resource_calendar_id:
                    by_worker[worker].append(leave)
        return by_worker

    def _format_conflicts(self, conflicts):
        return "\n".join(
            f"{session._get_dated_name()}: {message}"
            for session, messages in conflicts.items()
            for message in messages
        )

    def _note_roster_conflicts(self, conflicts):
        """Rostered despite conflicts: say so in the chatter, and ask to check."""
        for session, messages in conflicts.items():
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Rostered although:"),
                Markup().join(Markup("<li>%s</li>") % message for message in messages),
            )
            session._message_log(body=body)
            session.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=session.create_uid.id or self.env.uid,
                summary=self.env._("Check the roster of this session"),
                note=body,
            )

    def _get_roster_conflict_notification(self, conflicts, next_action=None):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Rostered with conflicts"),
                "message": self._format_conflicts(conflicts),
                "type": "warning",
                "sticky": True,
                "next": next_action,
            },
        }

    # Workers' calendars --------------------------------------------------

    def _prepare_calendar_event_vals(self):
        """What the workers' calendar event of this session shows."""
        self.ensure_one()
        users = self.worker_ids.user_id
        return {
            "name": self.name,
            "start": self.start,
            "stop": self.stop,
            "user_id": (self.worker_id.user_id or users[:1]).id,
            "location": self._get_calendar_location(),
            "partner_ids": users.partner_id.ids,
        }

    def _get_calendar_location(self):
        """Where, for the workers' calendars: never a client's name or address
        (an event's location is seen more widely than the session)."""
        self.ensure_one()
        if self.location_type == "site":
            return self.site_partner_id.display_name or False
        if self.location_type == "client_home":
            return self.env._("Client's home")
        if self.location_type == "online":
            return self.env._("Online / phone")
        return self.location_address or False

    def _sync_calendar_events(self):
        """Keep each session's calendar event in step with it, in batches.

        Rostered and in-progress sessions are on the calendars of their workers
        who have a user (never on clients'); draft and cancelled ones are not;
        completed ones keep theirs. Nobody gets an e-mail.
        """
        # sudo: the events are private to their attendees (the workers), and
        # the planner keeps them in step with the sessions the planner may edit
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(clean_context(self.env.context), **CALENDAR_CONTEXT)
        )
        on_calendar = self.filtered(
            lambda session: session.state in ROSTERED_STATES
            and session.worker_ids.user_id
        )
        off_calendar = self.filtered(
            lambda session: session.calendar_event_id
            and session.state not in HELD_STATES
            and session not in on_calendar
        )
        if off_calendar:
            stale = off_calendar.calendar_event_id
            off_calendar.calendar_event_id = False
            stale.with_env(events.env).unlink()

        create_vals, created_for, notes = [], [], {}
        updates = defaultdict(lambda: events)
        for session in on_calendar:
            vals = session._prepare_calendar_event_vals()
            partner_ids = vals.pop("partner_ids")
            event = session.calendar_event_id.with_env(events.env)
            if not event:
                vals.update(
                    partner_ids=[Command.set(partner_ids)],
                    res_model_id=self.env["ir.model"]._get_id(self._name),
                    res_id=session.id,
                    # only the attendees (the workers) see what and where; others
                    # see "Busy" (DEX users read the session itself)
                    privacy="private",
                )
                create_vals.append(vals)
                created_for.append(session)
            else:
                current = {
                    "name": event.name,
                    "start": event.start,
                    "stop": event.stop,
                    "user_id": event.user_id.id,
                    "location": event.location or False,
                }
                changes = {
                    key: value for key, value in vals.items() if current[key] != value
                }
                old_partners = tuple(sorted(event.partner_ids.ids))
                attendees_changed = old_partners != tuple(sorted(partner_ids))
                if attendees_changed:
                    changes["partner_ids"] = tuple(partner_ids)
                if changes:
                    updates[(tuple(sorted(changes.items())), old_partners)] |= event
                if not attendees_changed:
                    continue
            missing = session.worker_ids.filtered(lambda worker: not worker.user_id)
            if missing:
                notes[session.id] = self.env._(
                    "Not on the calendar of %(workers)s: no Odoo user.",
                    workers=", ".join(missing.mapped("name")),
                )
        for (changes, _old_partners), to_update in updates.items():
            changes = dict(changes)
            if "partner_ids" in changes:
                changes["partner_ids"] = [Command.set(list(changes["partner_ids"]))]
            to_update.with_env(events.env).write(changes)
        if create_vals:
            for session, event in zip(
                created_for, events.create(create_vals), strict=True
            ):
                session.calendar_event_id = event
        if notes:
            self.browse(notes)._message_log_batch(bodies=notes)
