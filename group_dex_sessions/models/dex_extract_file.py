from odoo import fields, models
from odoo.tools import SQL

FILE_STATES = [
    ("current", "Current"),
    ("replaced", "Replaced"),
]


class DexExtractFile(models.Model):
    """One DEX file written by an extract: what went, when, and by whom.

    A download writes one file, or several self-contained ones when the data is
    larger than DEX accepts at once. Amending the extract marks its files
    replaced: they stay, with the date, as the record of what was uploaded.
    """

    _name = "dex.extract.file"
    _description = "DEX Extract File"
    _order = "extract_id, upload, part, id"

    extract_id = fields.Many2one(
        "dex.extract", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="extract_id.company_id", store=True)
    upload = fields.Integer(
        required=True, help="Which download of the extract wrote the file (1, 2...)."
    )
    part = fields.Integer(required=True, default=1)
    part_count = fields.Integer(string="Parts", required=True, default=1)
    attachment_id = fields.Many2one(
        "ir.attachment", required=True, ondelete="cascade", readonly=True
    )
    name = fields.Char(related="attachment_id.name")
    file_size = fields.Integer(related="attachment_id.file_size", string="Size")
    written_on = fields.Datetime(required=True, readonly=True)
    written_by_id = fields.Many2one("res.users", string="Written By", readonly=True)
    state = fields.Selection(FILE_STATES, required=True, default="current")
    replaced_on = fields.Datetime(readonly=True)
    session_count = fields.Integer(string="Sessions", readonly=True)
    client_count = fields.Integer(string="Clients", readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True)

    def init(self):
        """Files written before they were stored as the superuser: a manager
        who may not edit views left them as text/plain, their whole text
        copied into the attachment's search index. Clear that copy."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE ir_attachment a
                   SET mimetype = 'application/xml', index_content = 'application'
                  FROM dex_extract_file f
                 WHERE f.attachment_id = a.id AND a.mimetype = 'text/plain'
                """
            )
        )

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
