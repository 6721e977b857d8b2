from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DexSessionService(models.Model):
    """A service planned on a session, with the DEX fields of its SD records."""

    _name = "dex.session.service"
    _inherit = ["dex.planned.service.mixin"]
    _description = "DEX Planned Service"
    _order = "session_id, sequence, id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "contribution_positive",
            "CHECK(client_contribution >= 0)",
            "The client contribution cannot be negative.",
        ),
        (
            "time_minutes_positive",
            "CHECK(time_minutes >= 0)",
            "The time in minutes cannot be negative.",
        ),
    ]

    sequence = fields.Integer(default=10)
    session_id = fields.Many2one(
        "dex.session", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, precompute=True
    )
    client_ids = fields.Many2many(
        "res.partner",
        "dex_session_service_client_rel",
        "service_line_id",
        "partner_id",
        string="Clients",
        domain="[('id', 'in', parent.client_ids)]",
        help="Attendees who receive this service.",
    )

    @api.constrains(
        "client_ids",
        "client_contribution",
        "time_minutes",
        "travel_chargeable",
        "travel_area_id",
    )
    def _check_planned_service(self):
        for line in self:
            # Attendance is checked by the session, which is complete only once
            # its own create or write has finished.
            errors = line._get_planned_service_errors()
            if errors:
                raise ValidationError("\n".join(errors))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.session_id._check_dex_fields_editable()
        return lines

    def write(self, vals):
        self.session_id._check_dex_fields_editable()
        result = super().write(vals)
        if "client_ids" in vals:
            self.session_id._check_session()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_completed(self):
        self.session_id._check_dex_fields_editable()
