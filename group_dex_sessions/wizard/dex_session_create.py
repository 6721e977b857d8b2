from odoo import api, fields, models
from odoo.exceptions import UserError

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

    def _raise_errors(self, errors):
        if errors:
            raise UserError("\n".join(errors))

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
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

    def action_save(self):
        self.ensure_one()
        return self._create_sessions(rostered=False)

    def action_save_and_roster(self):
        self.ensure_one()
        return self._create_sessions(rostered=True)

    def _prepare_session_vals(self, rostered):
        """Return the list of dex.session values this wizard creates."""
        self.ensure_one()
        vals = self._prepare_session_detail_vals()
        vals.update(
            state="rostered" if rostered else "draft",
            service_type_ids=[fields.Command.set(self.service_type_ids.ids)],
            service_ids=[
                fields.Command.create(line_vals)
                for line_vals in self.line_ids._prepare_planned_service_vals()
            ],
        )
        return [vals]

    def _create_sessions(self, rostered):
        errors = []
        for step in STEP_KEYS:
            errors += self._get_step_errors(step, rostering=rostered)
        self._raise_errors(errors)
        sessions = self.env["dex.session"].create(self._prepare_session_vals(rostered))
        if self.env.context.get("dex_from_calendar"):
            return {"type": "ir.actions.act_window_close"}
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_dex_sessions.dex_session_action"
        )
        action.update(res_id=sessions[:1].id, view_mode="form", views=[(False, "form")])
        return action
