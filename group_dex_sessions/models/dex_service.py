from odoo import fields, models


class DexService(models.Model):
    """A service the organisation delivers, with its planned-service DEX defaults."""

    _name = "dex.service"
    _description = "DEX Service"
    _order = "sequence, name, id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "contribution_positive",
            "CHECK(client_contribution >= 0)",
            "The default client contribution cannot be negative.",
        ),
        (
            "time_minutes_positive",
            "CHECK(time_minutes >= 0)",
            "The default time in minutes cannot be negative.",
        ),
    ]

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share between companies."
    )
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.ref("base.AUD", raise_if_not_found=False)
        or self.env.company.currency_id,
        required=True,
    )
    category_id = fields.Many2one(
        "dex.support.category",
        string="Support Category",
        required=True,
        index=True,
        check_company=True,
    )
    service_type_id = fields.Many2one(
        "dex.service.type",
        string="DEX Service Type",
        help="The DEX ServiceTypeId sessions of this service are reported under.",
    )
    delivery_method_id = fields.Many2one(
        "dex.delivery.method", string="Delivery Method"
    )
    extra_item_ids = fields.Many2many("dex.extra.item", string="Assistance Items")
    client_contribution = fields.Monetary(currency_field="currency_id")
    time_minutes = fields.Integer()
    travel_chargeable = fields.Boolean()
    travel_area_id = fields.Many2one(
        "dex.travel.area",
        string="Default Travel Area",
        check_company=True,
        help="The travel area a planned service starts from when travel is "
        "chargeable.",
    )
