"""Validating an extract: the findings, what an error holds back, the staged file.

Runs the pipeline (dex_extract_build.py) once per Collect or Validate and keeps
its outcome; nothing is rebuilt when the file is written.
"""

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from .dex_extract_build import ExtractBuild
from .dex_extract_reading import parse_ids
from .python_gc import paused_cyclic_gc
from .sql_background import InBackground


class DexExtractValidationMixin(models.AbstractModel):
    """Validation of dex.extract (one capability of the model, see dex_extract.py)."""

    _name = "dex.extract.validation.mixin"
    _description = "DEX Extract: validation and staging"

    def _build(self):
        """Read and build the extract's records once (the benchmark reads it too)."""
        self.env.flush_all()
        return ExtractBuild(self).build()

    def _validate(self):
        self._release_outside_period()
        with paused_cyclic_gc():
            built = self._build()
            sessions = built.touched_array
            # while Python validates, the server keeps the sessions and clients
            # this extract touches, tags the records it collects, counts what
            # other extracts hold and finds the ids of what it collects
            with InBackground(
                self.env.cr,
                [
                    self._remember_sessions_sql(sessions),
                    *self._stage_partners_sql(sessions),
                    self._claim_sql(),
                    self._held_elsewhere_sql(),
                    built.own_ids_sql(),
                ],
            ) as sql:
                built.validate()
        self.env["dex.session"].invalidate_model(["dex_extract_ids"])
        self.env["dex.service.delivery"].invalidate_model(["extract_id"])
        self.invalidate_recordset(["staged_partner_ids"])
        vals_list = built.findings
        vals_list += self._unidentified_findings()
        vals_list += self._period_findings(built)
        *_kept, held_elsewhere, own_ids = sql.rows
        vals_list += self._held_elsewhere_findings(held_elsewhere)
        self.finding_ids.unlink()
        self.env["dex.extract.finding"].create(
            [dict(vals, extract_id=self.id) for vals in vals_list]
        )
        held_groups = built.held_back_sessions()
        record_ids = parse_ids(own_ids)
        if built.held_clients or held_groups:
            # what an error holds back is known only now
            record_ids = built.read_own_ids(built.held_clients, held_groups)
        self._mark_held_back(built, held_groups)
        head, body, counts = built.head(record_ids), built.take_body(), built.counts
        # the records are serialised in the body: not kept while it is stored
        del built
        self._store_staged(head + body)
        self.write(
            {
                "validated_on": fields.Datetime.now(),
                "stale_reason": False,
                "staged_record_count": len(record_ids),
                "staged_session_count": counts["sessions"],
                "staged_client_count": counts["clients"],
                "staged_case_count": counts["cases"],
            }
        )

    def _stage_partners_sql(self, sessions):
        """SQL remembering whom the staged file sends, so that a change to them
        is noticed (see _invalidate_for_partners).

        ``sessions``: the sessions it touches, as an int[] literal
        (ExtractBuild.touched_array).
        """
        return [
            SQL(
                "DELETE FROM dex_extract_staged_partner_rel WHERE extract_id = %s",
                self.id,
            ),
            SQL(
                """
                INSERT INTO dex_extract_staged_partner_rel (extract_id, partner_id)
                SELECT DISTINCT %s, partner_id FROM dex_service_delivery
                 WHERE session_id = ANY(%s::int[])
                """,
                self.id,
                sessions,
            ),
        ]

    def _unidentified_findings(self):
        """Attendees without a DEX Client ID: not in the file, said once each."""
        rows = self.env["dex.service.delivery"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "not_reportable"),
                ("dex_client_id", "=", False),
                ("outlet_activity_id", "in", self.outlet_activity_ids.ids),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            ["partner_id"],
            ["session_id:count_distinct"],
        )
        counted = self.company_id.dex_count_unidentified_clients
        how = (
            self.env._("counted in TotalNumberOfUnidentifiedClients")
            if counted
            else self.env._(
                "not counted in TotalNumberOfUnidentifiedClients either (Settings)"
            )
        )
        return [
            {
                "level": "warning",
                "record": partner.display_name,
                "path": "SessionClient",
                "rule": "no-client-id",
                "affected_count": sessions,
                "message": self.env._(
                    "attended %(count)s session(s) of this period without a DEX "
                    "Client ID, so is not in this file (%(how)s). Give them one on "
                    "the contact's DEX tab; the next file reports them.",
                    count=sessions,
                    how=how,
                ),
                "res_ref": f"res.partner,{partner.id}",
            }
            for partner, sessions in rows
        ]

    def _held_elsewhere_findings(self, rows):
        """Ready records of the period that another extract holds: not in
        this file, said once per extract, with a link to it."""
        return [
            {
                "level": "warning",
                "record": self.browse(extract_id).name,
                "path": "Session",
                "rule": "held-elsewhere",
                "affected_count": count,
                "message": self.env._(
                    "%(count)s ready service delivered record(s) of this period "
                    "are held by this other extract, which has not sent them yet "
                    "(records it collected, records in error it keeps, or records "
                    "set back by its amendment), so they are not in this file: "
                    "they go with that extract's file, or come back to this one "
                    "if that extract is deleted.",
                    count=count,
                ),
                "res_ref": f"dex.extract,{extract_id}",
            }
            for extract_id, count in rows
        ]

    def _period_findings(self, built):
        start, end = self.date_from, self.date_to  # read once, not per session
        outside = [group for group in built.groups if not start <= group.date <= end]
        if not outside:
            return []
        return [
            {
                "level": "warning",
                "record": self.env["dex.session"].browse(outside[0].session).name,
                "path": "Session/SessionDate",
                "rule": "outside-period",
                "affected_count": len(outside),
                "message": self.env._(
                    "%(count)s session(s) dated outside the extract's period "
                    "%(start)s to %(end)s (sent with a session of the period).",
                    count=len(outside),
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                ),
                "res_ref": f"dex.session,{outside[0].session}",
            }
        ]

    def _staged_attachment(self):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", "staged_file"),
            ],
            limit=1,
        )

    def _store_staged(self, data):
        """Keep the staged records as the staged_file attachment, as raw bytes
        (not base64 through the field: tens of MB for years of data)."""
        attachment = self._staged_attachment()
        if attachment:
            attachment.raw = data
        else:
            self.env["ir.attachment"].create(
                {
                    "name": "staged_file",
                    "res_model": self._name,
                    "res_id": self.id,
                    "res_field": "staged_file",
                    "raw": data,
                }
            )
        self.invalidate_recordset(["staged_file"])

    def _staged_data(self):
        return self._staged_attachment().raw or b""

    def _get_stale_reason(self):
        """Why the staged records no longer match the database, or False."""
        if not self.validated_on or not self.staged_file:
            return self.stale_reason or self.env._("it was not validated")
        return False

    @api.model
    def _invalidate_for_partners(self, partner_ids, reason):
        """Validated extracts that send one of these contacts must validate again.

        Called when what a file sends about a client changes (details, consent,
        DEX Client ID) or a session's records are taken back for correction.
        """
        if not partner_ids:
            return
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT DISTINCT rel.extract_id
              FROM dex_extract_staged_partner_rel rel
              JOIN dex_extract extract ON extract.id = rel.extract_id
             WHERE rel.partner_id = ANY(%s) AND extract.validated_on IS NOT NULL
               AND extract.state IN ('collected', 'partial', 'queued')
            """,
            [list(partner_ids)],
        )
        stale = self.browse([row[0] for row in self.env.cr.fetchall()])
        if stale:
            # sudo: whoever edits a client makes the extracts that send them stale;
            # the user may not read extracts, and changes nothing else on them
            stale.sudo()._clear_staging(reason)
