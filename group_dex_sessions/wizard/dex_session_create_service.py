from odoo import fields, models


class DexSessionCreateService(models.TransientModel):
    """A planned service while the session wizard is open."""

    _name = "dex.session.create.service"
    _inherit = ["dex.planned.service.mixin"]
    _description = "DEX Session Wizard Service"
    _order = "id"

    wizard_id = fields.Many2one("dex.session.create", required=True, ondelete="cascade")
    client_ids = fields.Many2many(
        "res.partner",
        "dex_session_create_service_client_rel",
        "line_id",
        "partner_id",
        string="Clients",
        domain="[('id', 'in', parent.client_ids)]",
    )
