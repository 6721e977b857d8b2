from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SESSION_STATES = [
    ("draft", "Draft"),
    ("rostered", "Rostered"),
    ("in_progress", "In Progress"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
]

# Calendar colour index per state (web's o_calendar_color_N palette).
STATE_COLORS = {
    "draft": 0,
    "rostered": 4,
    "in_progress": 2,
    "completed": 10,
    "cancelled": 1,
}


class DexSession(models.Model):
    """A group session planned in the calendar and later reported to DEX."""

    _name = "dex.session"
    _inherit = ["dex.session.details.mixin", "mail.thread", "mail.activity.mixin"]
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

    @api.constrains(
        "client_ids",
        "service_ids",
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
        rostered = self.state in ("rostered", "in_progress", "completed")
        return (
            self._get_detail_errors()
            + self._get_attendee_errors()
            + self.service_ids._get_planned_service_errors(self.client_ids)
            + self._get_finalise_errors(self.service_type_ids, rostering=rostered)
        )

    def action_roster(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Only draft sessions can be rostered."))
        self.state = "rostered"
        return True

    def action_cancel(self):
        self.ensure_one()
        if self.state == "completed":
            raise UserError(self.env._("A completed session cannot be cancelled."))
        self.state = "cancelled"
        return True

    def action_reset_to_draft(self):
        self.ensure_one()
        if self.state not in ("rostered", "cancelled"):
            raise UserError(
                self.env._("Only rostered or cancelled sessions can go back to draft.")
            )
        self.state = "draft"
        return True
