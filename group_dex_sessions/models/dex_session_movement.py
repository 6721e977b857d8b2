from odoo import api, fields, models
from odoo.exceptions import ValidationError

MOVEMENT_KINDS = [("check_in", "Check-in"), ("check_out", "Check-out")]


class DexSessionMovement(models.Model):
    """A rostered worker checking in to or out of a session."""

    _name = "dex.session.movement"
    _description = "DEX Session Worker Movement"
    _order = "time, id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "one_per_kind",
            "unique(session_id, employee_id, kind)",
            "A worker checks in and out of a session once each.",
        ),
    ]

    session_id = fields.Many2one(
        "dex.session", required=True, index=True, ondelete="cascade"
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Worker", required=True, index=True, check_company=True
    )
    kind = fields.Selection(MOVEMENT_KINDS, required=True)
    time = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, precompute=True
    )

    @api.constrains("employee_id", "session_id", "kind", "time")
    def _check_movement(self):
        for movement in self:
            session = movement.session_id
            if movement.employee_id not in session.worker_ids:
                raise ValidationError(
                    self.env._(
                        "%(worker)s is not rostered on %(session)s.",
                        worker=movement.employee_id.name,
                        session=session.display_name,
                    )
                )
            if movement.kind != "check_out":
                continue
            check_in = session.movement_ids.filtered(
                lambda m, worker=movement.employee_id: m.employee_id == worker
                and m.kind == "check_in"
            )
            if not check_in or check_in.time > movement.time:
                raise ValidationError(
                    self.env._(
                        "%(worker)s cannot check out of %(session)s before checking "
                        "in.",
                        worker=movement.employee_id.name,
                        session=session.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        movements = super().create(vals_list)
        movements.session_id._start_if_due()
        return movements
