from odoo import api, fields, models

from ..core import rules


class DexPlannedServiceMixin(models.AbstractModel):
    """Fields and checks of a planned service, shared by sessions and the wizard.

    Picking a service fills the DEX fields from the service's defaults; staff may
    then change them for this session.
    """

    _name = "dex.planned.service.mixin"
    _inherit = ["dex.integer.bounds.mixin"]
    _description = "DEX Planned Service (shared fields)"

    category_id = fields.Many2one(
        "dex.support.category", string="Support Category", required=True
    )
    service_id = fields.Many2one(
        "dex.service",
        string="Service",
        required=True,
        domain="[('category_id', '=', category_id)]",
    )
    currency_id = fields.Many2one(related="service_id.currency_id")
    delivery_method_id = fields.Many2one(
        "dex.delivery.method",
        string="Delivery Method",
        compute="_compute_service_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    extra_item_ids = fields.Many2many(
        "dex.extra.item",
        string="Assistance Items",
        compute="_compute_service_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    client_contribution = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_service_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="What each client contributes (AUD), for this service. DEX gets "
        "FeesCharged: the sum of the contributions of the clients reported.",
    )
    time_minutes = fields.Integer(
        compute="_compute_service_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="Minutes of service; reported as TimeMinutes.",
    )
    travel_chargeable = fields.Boolean(
        compute="_compute_service_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    travel_area_id = fields.Many2one(
        "dex.travel.area",
        string="Travel Area",
        compute="_compute_travel_area_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("service_id")
    def _compute_service_defaults(self):
        for line in self:
            service = line.service_id
            line.delivery_method_id = service.delivery_method_id
            line.extra_item_ids = service.extra_item_ids
            line.client_contribution = service.client_contribution
            line.time_minutes = service.time_minutes
            line.travel_chargeable = service.travel_chargeable

    @api.depends("service_id", "travel_chargeable")
    def _compute_travel_area_id(self):
        for line in self:
            # chargeable travel starts from the service's area; no charge, no area
            line.travel_area_id = (
                line.service_id.travel_area_id or line.travel_area_id
                if line.travel_chargeable
                else False
            )

    @api.onchange("category_id")
    def _onchange_category_id(self):
        if self.service_id and self.service_id.category_id != self.category_id:
            self.service_id = False

    def _get_planned_service_errors(self, attendees=None):
        """Plain-English problems of these lines.

        With ``attendees`` (the session's clients) it also reports clients who
        receive a service without attending the session.
        """
        errors = []
        for line in self:
            label = line.service_id.display_name or self.env._("a planned service")
            if not line.client_ids:
                errors.append(self.env._("%(service)s has no clients.", service=label))
            strangers = line.client_ids - attendees if attendees is not None else None
            if strangers:
                errors.append(
                    self.env._(
                        "%(service)s is planned for %(clients)s, who %(verb)s not an "
                        "attendee of the session.",
                        service=label,
                        clients=", ".join(strangers.mapped("display_name")),
                        verb="is" if len(strangers) == 1 else "are",
                    )
                )
            if line.client_contribution < 0:
                errors.append(
                    self.env._(
                        "%(service)s: the client contribution cannot be negative.",
                        service=label,
                    )
                )
            if line.time_minutes < 0:
                errors.append(
                    self.env._(
                        "%(service)s: the time in minutes cannot be negative.",
                        service=label,
                    )
                )
            if line.time_minutes > rules.MAX_SESSION_MINUTES:
                errors.append(
                    self.env._(
                        "%(service)s: %(minutes)s minutes is more than a day "
                        "(%(most)s); enter the minutes of this session.",
                        service=label,
                        minutes=line.time_minutes,
                        most=rules.MAX_SESSION_MINUTES,
                    )
                )
            # FeesCharged is the contribution summed over the clients reported
            fees = line.client_contribution * max(1, len(line.client_ids))
            if line.client_contribution >= 0 and rules.money_problem(fees):
                errors.append(
                    self.env._(
                        "%(service)s: a contribution of %(amount)s per client makes "
                        "FeesCharged more than %(most)s, the most DEX takes.",
                        service=label,
                        amount=line.client_contribution,
                        most=rules.MONEY_MAX,
                    )
                )
            if line.travel_chargeable and not line.travel_area_id:
                errors.append(
                    self.env._(
                        "%(service)s: travel is chargeable, so choose a travel area.",
                        service=label,
                    )
                )
        return errors

    def _prepare_planned_service_vals(self):
        """Values to create the same planned services on another model."""
        return [
            {
                "category_id": line.category_id.id,
                "service_id": line.service_id.id,
                "delivery_method_id": line.delivery_method_id.id,
                "extra_item_ids": [fields.Command.set(line.extra_item_ids.ids)],
                "client_contribution": line.client_contribution,
                "time_minutes": line.time_minutes,
                "travel_chargeable": line.travel_chargeable,
                "travel_area_id": line.travel_area_id.id,
                "client_ids": [fields.Command.set(line.client_ids.ids)],
            }
            for line in self
        ]
