"""The records an extract holds: collected, held back, set back or sent.

Every record an extract holds or sent carries its extract_id and is found
through its session (dex_extract_session_rel): the SD table has no index on
extract_id, so that marking them stays a HOT update (dex.service.delivery.init).
"""

from odoo import models
from odoo.tools import SQL


class DexExtractRecordsMixin(models.AbstractModel):
    """The records of dex.extract (one capability of the model, see dex_extract.py)."""

    _name = "dex.extract.records.mixin"
    _description = "DEX Extract: the records it holds"

    def _records_domain(self):
        """The SD records these extracts hold or sent, found through their
        sessions (the SD table has no index on extract_id)."""
        return [
            ("session_id.dex_extract_ids", "in", self.ids),
            ("extract_id", "in", self.ids),
        ]

    def _records_sql(self, alias="sd"):
        """SQL: the SD records (table alias ``alias``) these extracts hold or sent."""
        return SQL(
            "(%(sd)s.extract_id = ANY(%(ids)s) AND %(sd)s.session_id IN ("
            "SELECT session_id FROM dex_extract_session_rel "
            "WHERE extract_id = ANY(%(ids)s)))",
            sd=SQL.identifier(alias),
            ids=self.ids,
        )

    def _period_records_sql(self, alias="sd"):
        """SQL: the SD records of this extract's company, outlet activities
        and period, in any state and held by any extract or none."""
        self.ensure_one()
        return SQL(
            "(%(sd)s.company_id = %(company)s "
            "AND %(sd)s.outlet_activity_id = ANY(%(outlets)s) "
            "AND %(sd)s.date BETWEEN %(start)s AND %(end)s)",
            sd=SQL.identifier(alias),
            company=self.company_id.id,
            outlets=self.outlet_activity_ids.ids,
            start=self.date_from,
            end=self.date_to,
        )

    def _held_elsewhere_sql(self):
        """SQL: (extract id, count) of the ready records of this extract's
        period that other extracts hold (collected and not sent yet, held back
        by an error, or set back by an amendment): this extract does not
        collect them (see own())."""
        return SQL(
            "SELECT sd.extract_id, COUNT(*) FROM dex_service_delivery sd "
            "WHERE sd.state = 'ready' AND sd.extract_id <> %s AND %s "
            "GROUP BY sd.extract_id ORDER BY sd.extract_id",
            self.id,
            self._period_records_sql(),
        )

    def _read_records_summary(self):
        """{extract id: (records, held back, ids of the sessions with voided
        records, ready and not held back: collected, or set back by Amend,
        and staged)}
        over the records these extracts hold or sent, read from their
        sessions in one query: the form shows them right after a file marked
        500,000 records, before PostgreSQL has statistics on them. Plain SQL:
        an extract's records and sessions are all of its company."""
        ids = [extract_id for extract_id in self.ids if isinstance(extract_id, int)]
        if not ids:
            return {}  # new extracts, in the form before they are saved
        self.env["dex.service.delivery"].flush_model(
            ["extract_id", "held_back", "state"]
        )
        self.env.cr.execute(
            """
            SELECT sd.extract_id, COUNT(*), COUNT(*) FILTER (WHERE sd.held_back),
                   COALESCE(ARRAY_AGG(DISTINCT sd.session_id)
                            FILTER (WHERE sd.state = 'void'), '{}'),
                   COUNT(*) FILTER (WHERE sd.state = 'ready'
                                    AND sd.held_back IS NOT TRUE)
              FROM dex_extract_session_rel rel
              JOIN dex_service_delivery sd
                ON sd.session_id = rel.session_id AND sd.extract_id = rel.extract_id
             WHERE rel.extract_id = ANY(%s)
          GROUP BY 1
            """,
            [ids],
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _count_held_back(self):
        """How many records an error holds back in this extract, read through
        the partial index on held_back: not the whole summary of its records
        (_read_records_summary), which reads every one of them."""
        self.ensure_one()
        self.env["dex.service.delivery"].flush_model(["held_back", "extract_id"])
        self.env.cr.execute(
            "SELECT COUNT(*) FROM dex_service_delivery "
            "WHERE held_back AND extract_id = %s",
            [self.id],
        )
        return self.env.cr.fetchone()[0]

    def _get_sent_sessions(self):
        """The sessions with records this extract sent that stand."""
        self.env["dex.service.delivery"].flush_model(["extract_id", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT session_id FROM dex_service_delivery sd "
                "WHERE %s AND sd.state = 'extracted'",
                self._records_sql(),
            )
        )
        # all of the extract's company, which its reader may read
        return self.env["dex.session"].browse(r[0] for r in self.env.cr.fetchall())

    def _claim_sql(self):
        """SQL tagging the ready records of the period that no extract holds
        as this extract's: no other extract collects them from now on (see
        ExtractBuild.own), and writing the file only marks them extracted.

        Run while Python validates, so that collecting takes no longer for it,
        and the file's mark then changes no foreign key: no check per record.
        Two extracts collecting at once cannot both tag a record: in Odoo's
        repeatable-read transactions the later one fails on the row the
        earlier one changed, and its request is tried again.
        """
        return SQL(
            "UPDATE dex_service_delivery sd SET extract_id = %s "
            "WHERE sd.state = 'ready' AND sd.extract_id IS NULL AND %s",
            self.id,
            self._period_records_sql(),
        )

    def _release_outside_period(self):
        """Give back the ready records this extract holds that its period or
        outlet activities no longer cover (they were edited since it
        collected), so that the extract of their own period sends them."""
        self._release_ready_records(SQL("NOT %s", self._period_records_sql()))

    def _release_ready_records(self, only=None):
        """Give back the ready records these extracts hold (those that also
        match the SQL condition ``only``, if given): another extract may then
        collect them."""
        self.env["dex.service.delivery"].flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE dex_service_delivery sd "
                "SET extract_id = NULL, held_back = false "
                "WHERE %s AND sd.state = 'ready' AND %s",
                self._records_sql(),
                only or SQL("TRUE"),
            )
        )
        self.env["dex.service.delivery"].invalidate_model(["extract_id", "held_back"])

    def _remember_sessions_sql(self, sessions):
        """SQL keeping the sessions whose records this extract collects: every
        record it holds back or sends is one of theirs (see _records_domain).

        ``sessions``: an int[] literal (ExtractBuild.touched_array).
        """
        return SQL(
            """
            INSERT INTO dex_extract_session_rel (extract_id, session_id)
            SELECT %s, unnest(%s::int[])
                ON CONFLICT DO NOTHING
            """,
            self.id,
            sessions,
        )

    def _mark_held_back(self, built, groups):
        """Flag the records an error holds back (they stay this extract's,
        as every record it collected: see _claim_sql)."""
        # through the partial index on held_back: held records are few
        self.env.cr.execute(
            "UPDATE dex_service_delivery SET held_back = false "
            "WHERE held_back AND extract_id = %s AND state = 'ready'",
            [self.id],
        )
        if built.held_clients or groups:
            # only then: this statement reads every collected record
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE dex_service_delivery sd
                       SET held_back = true, extract_id = %s
                     WHERE %s
                       AND (sd.dex_client_id = ANY(%s::varchar[])
                            OR (sd.session_id, sd.service_type_id) IN (
                                SELECT * FROM unnest(%s::int[], %s::int[])))
                    """,
                    self.id,
                    built.own(),
                    list(built.held_clients),
                    [group[0] for group in groups],
                    [group[1] for group in groups],
                )
            )
        self.env["dex.service.delivery"].invalidate_model(["held_back", "extract_id"])
