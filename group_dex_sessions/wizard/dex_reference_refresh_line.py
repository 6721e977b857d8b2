from odoo import fields, models


class DexReferenceRefreshLine(models.TransientModel):
    """What a refresh did to one code type of the reference-data file."""

    _name = "dex.reference.refresh.line"
    _description = "Refresh DEX Code Lists: One Code Type"
    _order = "ignored, id"

    refresh_id = fields.Many2one(
        "dex.reference.refresh", required=True, ondelete="cascade"
    )
    code_type = fields.Char(help="The CodeType as the reference-data file names it.")
    code_list = fields.Char(help="The DEX element that carries the code.")
    added_count = fields.Integer(string="Added")
    changed_count = fields.Integer(string="Changed")
    archived_count = fields.Integer(string="Archived")
    added_codes = fields.Char()
    changed_codes = fields.Char()
    archived_codes = fields.Char()
    ignored = fields.Boolean()
    detail = fields.Char(string="Codes", help="What changed, or why it was ignored.")
