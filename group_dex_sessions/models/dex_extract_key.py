from odoo import api, fields, models
from odoo.exceptions import UserError

KEY_KINDS = [("case", "CaseId"), ("session", "SessionId")]
SEQUENCE_CODES = {"case": "dex.case.id", "session": "dex.session.id"}


class DexExtractKey(models.Model):
    """The DEX CaseId or SessionId given, once and for good, to a grouping key.

    Exporting the same session again finds the same key and so the same ID: DSS
    updates its record instead of counting it twice. IDs come from ir.sequence and
    are never reused, even if a key record is deleted.
    """

    _name = "dex.extract.key"
    _description = "DEX Case and Session IDs"
    _order = "id"

    _sql_constraints = [
        (
            "key_unique",
            "unique(company_id, kind, key)",
            "A grouping key has one DEX ID per company.",
        ),
        (
            "dex_id_unique",
            "unique(company_id, kind, dex_id)",
            "A DEX ID is used once per company.",
        ),
    ]

    company_id = fields.Many2one("res.company", required=True, index=True)
    kind = fields.Selection(KEY_KINDS, required=True)
    key = fields.Char(required=True, help="What the ID stands for (internal).")
    dex_id = fields.Char(string="DEX ID", required=True, readonly=True)

    @api.model
    def _get_dex_ids(self, kind, keys, company):
        """{key: DEX ID}, creating (from the sequence) the IDs not given yet."""
        keys = list(dict.fromkeys(keys))
        found = {
            row.key: row.dex_id
            for row in self.search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", kind),
                    ("key", "in", keys),
                ],
                ["key", "dex_id"],
            )
        }
        missing = [key for key in keys if key not in found]
        if missing:
            dex_ids = self._next_dex_ids(SEQUENCE_CODES[kind], len(missing), company)
            vals_list = [
                {"company_id": company.id, "kind": kind, "key": key, "dex_id": dex_id}
                for key, dex_id in zip(missing, dex_ids, strict=True)
            ]
            # IDs are shared bookkeeping of the company, not a user's records
            self.sudo().create(vals_list)
            found.update(zip(missing, dex_ids, strict=True))
        return found

    @api.model
    def _next_dex_ids(self, code, count, company):
        """``count`` new values of the ir.sequence ``code``, in one query if we can."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", code), ("company_id", "in", [company.id, False])],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            raise UserError(
                self.env._(
                    "The sequence %(code)s is missing; reinstall the addon.", code=code
                )
            )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _ in range(count)]
        # a first extract of years of data asks for tens of thousands of IDs
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            [f"ir_sequence_{sequence.id:03d}", count],
        )
        return [sequence.get_next_char(row[0]) for row in self.env.cr.fetchall()]
