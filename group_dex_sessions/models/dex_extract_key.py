from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from .sql_arrays import pg_text_array

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
    # no create_uid/write_uid: a first file issues tens of thousands of IDs, and
    # each user column costs a foreign-key check per ID. Who wrote the file that
    # issued them is on the extract; when, is issued_on.
    _log_access = False

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

    # no index of its own: both unique constraints start with company_id
    company_id = fields.Many2one("res.company", required=True)
    kind = fields.Selection(KEY_KINDS, required=True)
    key = fields.Char(required=True, help="What the ID stands for (internal).")
    dex_id = fields.Char(string="DEX ID", required=True, readonly=True)
    issued_on = fields.Datetime(readonly=True, default=fields.Datetime.now)

    def init(self):
        cr = self.env.cr
        # from before the two unique constraints served every company lookup
        cr.execute("DROP INDEX IF EXISTS dex_extract_key__company_id_index")
        if column_exists(cr, self._table, "create_date"):
            # IDs issued before issued_on existed (Odoo filled it with the day of
            # the upgrade): their creation date says when. Later ones have none
            cr.execute(
                "UPDATE dex_extract_key SET issued_on = create_date "
                "WHERE create_date IS NOT NULL "
                "AND issued_on IS DISTINCT FROM create_date"
            )

    @api.model
    def _find_dex_ids(self, kind, keys, company):
        """{key: DEX ID} for the keys given an ID already; issues none."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT key, dex_id FROM dex_extract_key "
                "WHERE company_id = %s AND kind = %s AND key = ANY(%s::varchar[])",
                company.id,
                kind,
                pg_text_array(keys),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _get_dex_ids(self, kind, keys, company):
        """{key: DEX ID}, creating (from the sequence) the IDs not given yet."""
        ids, new = self._plan_dex_ids(kind, keys, company)
        if new:
            self.env.cr.execute(self._issue_sql(kind, new, company))
            if self.env.cr.rowcount < len(new):
                # another file issued some of these at the same time: take its IDs
                return self._get_dex_ids(kind, keys, company)
        return ids

    @api.model
    def _plan_dex_ids(self, kind, keys, company):
        """({key: DEX ID} of every key, {key: DEX ID} of those given one now).

        The new IDs are drawn from the sequence but not stored: _issue_sql
        stores them, so that a file can be written with them meanwhile.
        """
        keys = list(dict.fromkeys(keys))
        ids = self._find_dex_ids(kind, keys, company)
        missing = [key for key in keys if key not in ids]
        if not missing:
            return ids, {}
        dex_ids = self._next_dex_ids(SEQUENCE_CODES[kind], len(missing), company)
        new = dict(zip(missing, dex_ids, strict=True))
        ids.update(new)
        return ids, new

    @api.model
    def _issue_sql(self, kind, new, company):
        """SQL storing the IDs ``new`` ({key: DEX ID}) planned by _plan_dex_ids.

        Its row count is less than len(new) when another file issued IDs for
        some of these keys at the same time: theirs stand, and the planned
        ones of those keys are not used. IDs are shared bookkeeping of the
        company, not a user's records; a first extract of years of data issues
        tens of thousands at once.
        """
        return SQL(
            """
            INSERT INTO dex_extract_key (company_id, kind, key, dex_id, issued_on)
            SELECT %s, %s, key, dex_id, now() at time zone 'UTC'
              FROM unnest(%s::varchar[], %s::varchar[]) AS t(key, dex_id)
                ON CONFLICT (company_id, kind, key) DO NOTHING
            """,
            company.id,
            kind,
            pg_text_array(list(new)),
            pg_text_array(list(new.values())),
        )

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
        numbers = [row[0] for row in self.env.cr.fetchall()]
        # the prefix and suffix are the same for every number of one call
        prefix, suffix = sequence._get_prefix_suffix()
        padding = sequence.padding  # read once, not once per ID
        return [f"{prefix}{number:0{padding}d}{suffix}" for number in numbers]
