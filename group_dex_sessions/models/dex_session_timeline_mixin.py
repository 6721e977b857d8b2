"""The Sessions Calendar by worker: what its rows show, and dragging in them.

A capability of dex.session (which inherits this mixin), kept apart from
dex_session.py (planning) as completion is. The web
view (static/src/timeline/) reads everything it shows through
get_worker_timeline, one call per period, as the user who looks at it.

A drag is an edit like one in the form: timeline_move goes through
dex.session.write, so the series choice, the lock of extracted sessions and
every constraint apply as they do there. What a form edit does not do, and a
drag must, is check a rostered session's new slot for roster conflicts; that
reuses the check rostering runs, with the company's warn-or-block setting.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.osv import expression

# as dex_session.ROSTERED_STATES (this file is loaded before it): on the
# workers' calendars, so a new slot is checked for conflicts
ROSTERED_STATES = ("rostered", "in_progress")

# Session fields that name workers, and where the same condition sits on the
# worker (hr.employee) itself: "" is the worker.
WORKER_PATHS = {
    "worker_ids": "",
    "worker_id": "",
    "worker_department_ids": "department_id",
}
LIKE_OPERATORS = ("like", "ilike", "not like", "not ilike", "=like", "=ilike")
TIMELINE_FIELDS = [
    "name",
    "start",
    "stop",
    "state",
    "calendar_color",
    "worker_ids",
    "client_ids",
    "recurrence_id",
]


class DexSessionTimelineMixin(models.AbstractModel):
    _name = "dex.session.timeline.mixin"
    _description = "DEX Session Worker Timeline"

    worker_department_ids = fields.Many2many(
        "hr.department",
        string="Workers' Departments",
        compute="_compute_worker_department_ids",
        search="_search_worker_department_ids",
        help="Departments of the session's workers.",
    )

    @api.depends("worker_ids.department_id")
    def _compute_worker_department_ids(self):
        for session in self:
            session.worker_department_ids = session.worker_ids.department_id

    def _search_worker_department_ids(self, operator, value):
        return [("worker_ids.department_id", operator, value)]

    @api.model
    def get_worker_timeline(self, domain, start, stop):
        """Rows, sessions and time off of the worker timeline from start to stop.

        ``domain`` is the search of the Sessions Calendar. Its worker conditions
        (worker, team, department, My team) choose the rows, also the rows of
        workers with nothing planned; all of it chooses the sessions. A session
        shows in the row of each of its workers, or in the "no worker" row.
        Colours are the calendar's, by state. The number of queries does not
        grow with the number of rows or sessions.
        """
        begin = fields.Datetime.to_datetime(start)
        end = fields.Datetime.to_datetime(stop)
        if not begin or not end or end <= begin:
            raise UserError(
                self.env._("The timeline needs a period that ends after it starts.")
            )
        workers = self.env["hr.employee"].search_fetch(
            self._get_timeline_row_domain(domain),
            ["name", "job_title"],
            order="name, id",
        )
        sessions = self.search_fetch(
            expression.AND([domain, [("start", "<", end), ("stop", ">", begin)]]),
            TIMELINE_FIELDS,
            order="start, id",
        )
        return {
            "rows": [
                {"id": worker.id, "name": worker.name, "job_title": worker.job_title}
                for worker in workers
            ],
            "sessions": sessions._get_timeline_session_vals(workers),
            "leaves": self._get_timeline_leave_vals(workers, begin, end),
            "has_team": bool(
                self.env["hr.employee"].search_count(
                    [("user_id", "=", self.env.uid)], limit=1
                )
            ),
        }

    def _get_timeline_session_vals(self, workers):
        """One dict per session that has a row: in its workers' rows, or none."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        vals_list = []
        for session in self:
            shown = session.worker_ids & workers
            if session.worker_ids and not shown:
                continue  # its workers are all filtered out
            vals_list.append(
                {
                    "id": session.id,
                    "name": session.name,
                    "start": fields.Datetime.to_string(session.start),
                    "stop": fields.Datetime.to_string(session.stop),
                    "state": session.state,
                    "state_label": labels[session.state],
                    "color": session.calendar_color,
                    "client_count": len(session.client_ids),
                    "worker_ids": shown.ids,
                    "series": bool(session.recurrence_id),
                }
            )
        return vals_list

    @api.model
    def _get_timeline_leave_vals(self, workers, begin, end):
        """Time off and public holidays in each row, as rostering reads them.

        A worker's own leave shows only as "Time off": its reason is theirs and
        HR's business. Leaves of no one in particular show their name.
        """
        leaves = self._get_worker_leaves(workers, begin, end)
        return [
            {
                "worker_id": worker.id,
                "start": fields.Datetime.to_string(leave.date_from),
                "stop": fields.Datetime.to_string(leave.date_to),
                "holiday": not leave.resource_id,
                "label": (
                    self.env._("Time off")
                    if leave.resource_id
                    else leave.name or self.env._("Public holiday")
                ),
            }
            for worker in workers
            for leave in leaves[worker]
        ]

    @api.model
    def _get_timeline_row_domain(self, domain):
        """The hr.employee domain of the rows, from a session search domain.

        Worker conditions are moved onto the worker; every other condition
        (outlet activity, state, name...) says nothing about rows and becomes
        true. Negations are pushed into the conditions first, so dropping one
        can only show more rows, never hide a worker who matches.
        """
        tokens = expression.distribute_not(expression.normalize_domain(domain))
        rows, index = [], 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token in (expression.AND_OPERATOR, expression.OR_OPERATOR):
                rows.append(token)
                continue
            negated = token == expression.NOT_OPERATOR
            if negated:
                token = tokens[index]
                index += 1
            worker_domain = self._get_timeline_row_leaf(token)
            if worker_domain is None:
                rows.append(expression.TRUE_LEAF)
            else:
                rows.extend(
                    [expression.NOT_OPERATOR, *worker_domain]
                    if negated
                    else worker_domain
                )
        return rows

    @api.model
    def _get_timeline_row_leaf(self, leaf):
        """The worker domain (normalized) of one session condition, or None."""
        if expression.is_boolean(leaf) or not isinstance(leaf[0], str):
            return None
        path, operator, value = leaf
        field_name, _dot, rest = path.partition(".")
        if field_name not in WORKER_PATHS:
            return None
        target = ".".join(name for name in (WORKER_PATHS[field_name], rest) if name)
        if target:
            return [(target, operator, value)]
        # a condition on the worker itself
        if operator in ("any", "not any"):
            worker_domain = expression.normalize_domain(value)
            if operator == "not any":
                return [expression.NOT_OPERATOR, *worker_domain]
            return worker_domain
        if value is False or value is True:
            # ("worker_ids", "=", False): sessions without workers, so no row
            has_worker = (operator == "=") == bool(value)
            return [expression.TRUE_LEAF if has_worker else expression.FALSE_LEAF]
        if operator in LIKE_OPERATORS or isinstance(value, str):
            return [("display_name", operator, value)]
        return [("id", operator, value)]

    # Dragging ----------------------------------------------------------

    def timeline_move(
        self,
        start,
        stop,
        from_worker_id=False,
        to_worker_id=False,
        recurrence_update=False,
    ):
        """Move this session to start-stop, handing it from one worker to another.

        ``from_worker_id`` is the row the bar left, ``to_worker_id`` the row it
        was dropped in (False: the "no worker" row). A session of a series needs
        ``recurrence_update`` (this, this and following, all). Returns True, or
        a warning notification when it was moved despite roster conflicts.
        """
        self.ensure_one()
        vals = self._prepare_timeline_move_vals(
            start, stop, from_worker_id, to_worker_id
        )
        if not vals:
            return True
        scope = "self_only"
        if self.recurrence_id:
            if recurrence_update not in dict(
                self._fields["recurrence_update"].selection
            ):
                raise UserError(
                    self.env._(
                        "%(session)s is part of a series: choose whether the change "
                        "applies to this session, to this and the following "
                        "sessions, or to all sessions.",
                        session=self._get_dated_name(),
                    )
                )
            scope = recurrence_update
            vals["recurrence_update"] = scope
        moved = self._get_timeline_moved_sessions(scope)
        self.write(vals)
        return moved._check_timeline_conflicts()

    def _prepare_timeline_move_vals(self, start, stop, from_worker_id, to_worker_id):
        self.ensure_one()
        vals = {}
        start = fields.Datetime.to_datetime(start)
        stop = fields.Datetime.to_datetime(stop)
        if (start, stop) != (self.start, self.stop):
            vals.update(start=start, stop=stop)
        if from_worker_id == to_worker_id:
            return vals
        employees = self.env["hr.employee"]
        from_worker = employees.browse(from_worker_id or [])
        to_worker = employees.browse(to_worker_id or []).exists()
        if to_worker_id and not to_worker:
            raise UserError(
                self.env._("The worker you dropped the session on no longer exists.")
            )
        if from_worker and from_worker not in self.worker_ids:
            raise UserError(
                self.env._(
                    "%(worker)s no longer works on %(session)s: reload the timeline.",
                    worker=from_worker.name,
                    session=self._get_dated_name(),
                )
            )
        if to_worker in self.worker_ids:
            raise UserError(
                self.env._(
                    "%(worker)s already works on %(session)s.",
                    worker=to_worker.name,
                    session=self._get_dated_name(),
                )
            )
        commands = [Command.unlink(worker.id) for worker in from_worker]
        commands += [Command.link(worker.id) for worker in to_worker]
        vals["worker_ids"] = commands
        return vals

    def _get_timeline_moved_sessions(self, scope):
        """This session and the ones of its series that the edit rewrites."""
        self.ensure_one()
        if scope == "self_only":
            return self
        domain = [
            ("recurrence_id", "=", self.recurrence_id.id),
            ("state", "not in", ("completed", "cancelled")),
        ]
        if scope == "future":
            domain.append(("start", ">=", self.start))
        return self | self.search(domain)

    def _check_timeline_conflicts(self):
        """Roster conflicts of the moved sessions that are rostered.

        Blocks (undoing the move) or warns, as the company's setting says for
        rostering; a warning is noted on the session like a rostering one.
        """
        rostered = self.filtered(lambda session: session.state in ROSTERED_STATES)
        conflicts = rostered._get_roster_conflicts()
        if not conflicts:
            return True
        blocked = self._get_blocking_conflicts(conflicts)
        if blocked:
            raise UserError(
                self.env._(
                    "The session cannot move there:\n%(conflicts)s",
                    conflicts=self._format_conflicts(blocked),
                )
            )
        self._note_roster_conflicts(conflicts)
        action = self._get_roster_conflict_notification(conflicts)
        action["params"]["title"] = self.env._("Moved despite roster conflicts")
        return action
