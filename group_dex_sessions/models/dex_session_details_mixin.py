from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import rules

LOCATION_TYPES = [
    ("site", "Organisation Site"),
    ("client_home", "Client's Home"),
    ("other", "Other Address"),
    ("online", "Online / Phone"),
]

ACTUAL_START_CRITERIA = [
    ("scheduled", "Scheduled Time"),
    ("first_check_in", "First Worker Check-in"),
    ("last_check_in", "Last Worker Check-in"),
]

ACTUAL_END_CRITERIA = [
    ("scheduled", "Scheduled Time"),
    ("first_check_out", "First Worker Check-out"),
    ("last_check_out", "Last Worker Check-out"),
]

# The organisation's sites: contacts flagged as sites (of the session's company or
# shared), the company itself and its own addresses (not its people).
SITE_DOMAIN = (
    "['|', '&', ('dex_is_site', '=', True), "
    "('company_id', 'in', [company_id, False]), "
    "'|', ('dex_own_company_ids', 'in', [company_id]), "
    "'&', ('type', '!=', 'contact'), "
    "('parent_id.dex_own_company_ids', 'in', [company_id])]"
)
# Clients are people: not organisations or their contacts, not addresses, sites
# or staff with a login.
CLIENT_DOMAIN = [
    ("commercial_partner_id.is_company", "=", False),
    ("type", "=", "contact"),
    ("dex_is_site", "=", False),
    ("partner_share", "=", True),
]


def _next_full_hour(now):
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class DexSessionDetailsMixin(models.AbstractModel):
    """What a group session is made of, shared by the session and its wizard.

    Every check returns plain-English messages so the wizard can show the ones of
    one step while the session enforces all of them when it is saved.
    """

    _name = "dex.session.details.mixin"
    _inherit = ["dex.recurrence.rule.mixin", "dex.integer.bounds.mixin"]
    _description = "DEX Session Details (shared fields)"

    name = fields.Char(string="Subject", required=True)
    start = fields.Datetime(
        required=True,
        default=lambda self: _next_full_hour(fields.Datetime.now()),
    )
    stop = fields.Datetime(
        string="End",
        required=True,
        default=lambda self: _next_full_hour(fields.Datetime.now())
        + timedelta(hours=1),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    location_type = fields.Selection(
        LOCATION_TYPES, string="Location", required=True, default="site"
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Site",
        domain=SITE_DOMAIN,
        help="Organisation site where the session takes place: one of the "
        "company's addresses, or a contact marked as a session site.",
    )
    home_partner_id = fields.Many2one(
        "res.partner",
        string="Client's Home",
        domain="[('id', 'in', client_ids)]",
        help="Client at whose home the session takes place.",
    )
    location_address = fields.Char(string="Address")
    online_details = fields.Char(
        string="Meeting Link or Phone",
        help="Video link or phone number for the session.",
    )
    client_ids = fields.Many2many(
        "res.partner",
        string="Clients",
        domain=CLIENT_DOMAIN,
        help="Clients attending the session. Clients without a DEX Client ID can "
        "attend but are not reported to DEX.",
    )
    worker_ids = fields.Many2many(
        "hr.employee",
        string="Workers",
        check_company=True,
        help="Workers rostered to run the session.",
    )
    worker_count_required = fields.Integer(string="Workers Required", default=1)
    actual_start_criteria = fields.Selection(
        ACTUAL_START_CRITERIA, required=True, default="scheduled"
    )
    actual_end_criteria = fields.Selection(
        ACTUAL_END_CRITERIA, required=True, default="scheduled"
    )
    service_setting_id = fields.Many2one(
        "dex.service.setting", string="DEX Service Setting"
    )
    outlet_activity_id = fields.Many2one(
        "dex.outlet.activity",
        string="Outlet Activity",
        domain="[('company_id', '=', company_id)]",
    )
    recurrence = fields.Boolean(string="Repeat")

    @api.constrains("start", "stop")
    def _check_start_stop(self):
        for record in self:
            if record.start and record.stop and record.stop <= record.start:
                raise ValidationError(record._end_before_start_message())

    def _end_before_start_message(self):
        return self.env._(
            "%(name)s ends before it starts: the end must be after the start.",
            name=self.name or self.env._("The session"),
        )

    def _get_detail_errors(self):
        self.ensure_one()
        errors = []
        if self.start and self.stop and self.stop <= self.start:
            errors.append(self._end_before_start_message())
        missing = {
            "site": (self.site_partner_id, self.env._("choose the organisation site")),
            "other": (self.location_address, self.env._("enter the address")),
            "online": (
                self.online_details,
                self.env._("enter the meeting link or phone number"),
            ),
        }.get(self.location_type)
        if missing and not missing[0]:
            errors.append(
                self.env._(
                    "The location is %(type)s: %(what)s.",
                    type=dict(LOCATION_TYPES)[self.location_type],
                    what=missing[1],
                )
            )
        return errors

    def _get_attendee_errors(self):
        self.ensure_one()
        errors = []
        if not self.client_ids:
            errors.append(self.env._("Add at least one client to the session."))
        if self.location_type == "client_home":
            if not self.home_partner_id:
                errors.append(
                    self.env._(
                        "The session is at a client's home: choose which client."
                    )
                )
            elif self.home_partner_id not in self.client_ids:
                errors.append(
                    self.env._(
                        "The session is at the home of %(client)s, who is not an "
                        "attendee.",
                        client=self.home_partner_id.display_name,
                    )
                )
        if self.worker_count_required < 0:
            errors.append(
                self.env._("The number of workers required cannot be negative.")
            )
        return errors

    def _get_finalise_errors(self, service_types, rostering=False):
        self.ensure_one()
        errors = []
        if service_types and not self.service_setting_id:
            errors.append(
                self.env._(
                    "The session has DEX service types, so choose its DEX Service "
                    "Setting."
                )
            )
        errors += self._get_service_type_errors(service_types)
        if self.recurrence:
            errors += self._get_recurrence_errors()
        if rostering:
            errors += self._get_roster_errors()
        return errors

    def _get_service_type_errors(self, service_types):
        """DSS refuses a session under a service type its outlet activity does not
        allow: name both, and what the activity allows."""
        outlet = self.outlet_activity_id
        allowed = outlet.service_type_ids
        refused = service_types.filtered(
            lambda st: st.code
            and st.code.isdigit()
            and not rules.service_type_allowed(
                int(st.code), [int(a.code) for a in allowed if a.code.isdigit()]
            )
        )
        return [
            self.env._(
                "The DEX service type %(type)s is not allowed for the outlet activity "
                "%(outlet)s, which allows %(allowed)s: choose another service or "
                "outlet activity.",
                type=service_type.display_name,
                outlet=outlet.display_name,
                allowed=", ".join(allowed.mapped("display_name")),
            )
            for service_type in refused
        ]

    def _get_roster_errors(self):
        self.ensure_one()
        workers = self.worker_ids
        if len(workers) < self.worker_count_required:
            return [
                self.env._(
                    "%(name)s needs %(required)s workers but has %(count)s: add "
                    "workers before rostering.",
                    name=self.name,
                    required=self.worker_count_required,
                    count=len(workers),
                )
            ]
        return []

    def _get_recurrence_errors(self):
        errors = []
        if self.recurrence_interval < 1:
            errors.append(self.env._("Repeat every must be at least 1."))
        if self.recurrence_end == "count" and self.recurrence_count < 1:
            errors.append(self.env._("The number of sessions must be at least 1."))
        if self.recurrence_end == "until" and (
            not self.recurrence_until
            or (self.start and self.recurrence_until < self.start.date())
        ):
            errors.append(
                self.env._("Choose a repeat-until date on or after the first session.")
            )
        return errors

    def _prepare_session_detail_vals(self):
        """Values of the shared fields, to create a session from this record."""
        self.ensure_one()
        names = self.env["dex.session.details.mixin"]._fields
        return {
            name: self._fields[name].convert_to_write(self[name], self)
            for name in names
            if name not in models.MAGIC_COLUMNS and name not in ("display_name",)
        }
