from odoo import fields, models


class DexExtractFinding(models.Model):
    """One problem the DEX validator found in an extract, linked to what to fix."""

    _name = "dex.extract.finding"
    _description = "DEX Extract Finding"
    _order = "level, record, id"

    extract_id = fields.Many2one(
        "dex.extract", required=True, index=True, ondelete="cascade"
    )
    level = fields.Selection(
        [("error", "Error"), ("warning", "Warning")],
        required=True,
        help="Error: DEX would reject the record. Warning: accepted, worth a look.",
    )
    record = fields.Char(help="The DEX record (Client, Case or Session and its ID).")
    path = fields.Char(string="Element")
    message = fields.Char(required=True)
    rule = fields.Char(help="The DEX rule that found it (e.g. client-data).")
    affected_count = fields.Integer(
        string="Records",
        default=1,
        help="How many records this one cause affects (clients, sessions or "
        "services delivered).",
    )
    res_ref = fields.Reference(
        [
            ("dex.session", "Session"),
            ("res.partner", "Client"),
            ("dex.service.delivery", "Service Delivered"),
            ("dex.extract", "Extract"),
        ],
        string="Fix In",
    )
    company_id = fields.Many2one(related="extract_id.company_id", store=True)
