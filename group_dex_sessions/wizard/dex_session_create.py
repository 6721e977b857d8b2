from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

STEPS = [
    ("details", "Details"),
    ("attendees", "Attendees"),
    ("services", "Services"),
    ("finalise", "Finalise"),
]
STEP_KEYS = [key for key, _label in STEPS]


class DexSessionCreate(models.TransientModel):
    """Four-step wizard that creates a session and its planned services at once.

    Nothing is written to dex.session until Save: each Next checks its own step,
    and Save checks them all again before one batch create.
    """

    _name = "dex.session.create"
    _inherit = ["dex.session.details.mixin"]
    _description = "Create DEX Group Session"

    step = fields.Selection(STEPS, required=True, default="details")
    client_ids = fields.Many2many(
        relation="dex_session_create_client_rel",
        column1="wizard_id",
        column2="partner_id",
    )
    worker_ids = fields.Many2many(
        relation="dex_session_create_worker_rel",
        column1="wizard_id",
        column2="employee_id",
    )
    line_ids = fields.One2many(
        "dex.session.create.service", "wizard_id", string="Planned Services"
    )
    service_type_ids = fields.Many2many(
        "dex.service.type",
        string="DEX Service Types",
        compute="_compute_service_type_ids",
        store=True,
        readonly=False,
    )

    @api.depends("line_ids.service_id")
    def _compute_service_type_ids(self):
        for wizard in self:
            wizard.service_type_ids = wizard.line_ids.service_id.service_type_id

    def _get_step_errors(self, step, rostering=False):
        self.ensure_one()
        if step == "details":
            return self._get_detail_errors()
        if step == "attendees":
            return self._get_attendee_errors()
        if step == "services":
            return self.line_ids._get_planned_service_errors(self.client_ids)
        return self._get_finalise_errors(self.service_type_ids, rostering=rostering)

    def _get_recurrence_errors(self):
        errors = super()._get_recurrence_errors()
        if not errors and self.start and self.stop and self.stop > self.start:
            # the core has the last word: weekdays, the 520-session limit...
            try:
                self._expand_recurrence(self.start, self.stop, self._get_series_tz())
            except ValidationError as exc:
                errors.append(exc.args[0])
        return errors

    def _get_series_tz(self):
        return self._get_default_tz(self.company_id)

    def _raise_errors(self, errors):
        if errors:
            raise UserError("\n".join(errors))

    def _get_title(self):
        """The dialog's title, the same on every step."""
        return self.env._("New Group Session")

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self._get_title(),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    def action_next(self):
        self.ensure_one()
        self._raise_errors(self._get_step_errors(self.step))
        self.step = STEP_KEYS[min(STEP_KEYS.index(self.step) + 1, len(STEP_KEYS) - 1)]
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.step = STEP_KEYS[max(STEP_KEYS.index(self.step) - 1, 0)]
        return self._reopen()

    def action_add_service(self):
        """Open the per-service form on a new draft, every attendee selected."""
        self.ensure_one()
        draft = self.env["dex.session.create.service"].create(
            {
                "draft_wizard_id": self.id,
                "client_ids": [fields.Command.set(self.client_ids.ids)],
            }
        )
        return draft._get_form_action()

    def action_save(self):
        self.ensure_one()
        return self._create_sessions(rostered=False)

    def action_save_and_roster(self):
        self.ensure_one()
        return self._create_sessions(rostered=True)

    def _prepare_recurrence_vals(self):
        """Values of the series record: the rule as collected, and its zone."""
        self.ensure_one()
        rule_fields = self.env["dex.recurrence.rule.mixin"]._fields
        vals = {
            name: self._fields[name].convert_to_write(self[name], self)
            for name in rule_fields
            if name not in models.MAGIC_COLUMNS and name != "display_name"
        }
        vals.update(
            name=self.name, tz=self._get_series_tz(), company_id=self.company_id.id
        )
        return vals

    def _prepare_session_vals(self, recurrence=None):
        """Return the list of dex.session values this wizard creates.

        One dict per session of the series (one without a repeat), each with
        the same attendees, workers, planned services and DEX service types.
        """
        self.ensure_one()
        base = self._prepare_session_detail_vals()
        base.update(
            state="draft",
            recurrence_id=recurrence.id if recurrence else False,
            service_type_ids=[fields.Command.set(self.service_type_ids.ids)],
        )
        lines = self.line_ids._prepare_planned_service_vals()
        if recurrence:
            slots = self._expand_recurrence(self.start, self.stop, recurrence.tz)
        else:
            slots = [(self.start, self.stop)]
        return [
            dict(
                base,
                start=start,
                stop=stop,
                service_ids=[fields.Command.create(dict(line)) for line in lines],
            )
            for start, stop in slots
        ]

    def _create_sessions(self, rostered):
        errors = []
        for step in STEP_KEYS:
            errors += self._get_step_errors(step, rostering=rostered)
        self._raise_errors(errors)
        recurrence = None
        if self.recurrence:
            recurrence = self.env["dex.session.recurrence"].create(
                self._prepare_recurrence_vals()
            )
        sessions = self.env["dex.session"].create(
            self._prepare_session_vals(recurrence)
        )
        conflicts = sessions._roster() if rostered else {}
        if self.env.context.get("dex_from_calendar"):
            action = {"type": "ir.actions.act_window_close"}
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "group_dex_sessions.dex_session_action"
            )
            action.update(
                res_id=sessions[:1].id, view_mode="form", views=[(False, "form")]
            )
        if conflicts:
            return sessions._get_roster_conflict_notification(conflicts, action)
        return action
