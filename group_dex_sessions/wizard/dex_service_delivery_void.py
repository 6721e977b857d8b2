from odoo import fields, models


class DexServiceDeliveryVoid(models.TransientModel):
    """Void service delivered records that never went to DEX, saying why."""

    _name = "dex.service.delivery.void"
    _description = "Void DEX Services Delivered"

    delivery_ids = fields.Many2many(
        "dex.service.delivery", string="Services Delivered", required=True
    )
    reason = fields.Text(
        required=True, help="Kept on each record and noted on its session."
    )

    def action_void(self):
        self.ensure_one()
        self.delivery_ids._void_by_manager(self.reason)
        return {"type": "ir.actions.act_window_close"}
