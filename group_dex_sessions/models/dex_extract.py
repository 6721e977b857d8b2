"""DEX extract: ready SD records turned into the bulk-upload XML DSS accepts.

Collect validates the records once (dex_extract_validation.py, running the
pipeline of dex_extract_build.py): the findings are stored, and what is valid
is staged, already serialised, and the records collected are tagged as the
extract's own (dex_extract_records.py). Download writes the staged records
(dex_extract_files.py): it marks them extracted, issues the CaseIds and
SessionIds then (never on a preview or a validation), splices them in and
packs the files.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..core import periods, writer

# what changes the content of a validated extract: validate again after it
VALIDATION_FIELDS = {"submission_date", "outlet_activity_ids", "date_from", "date_to"}


def _periods_around(today, before=3, after=1):
    current = periods.period_for(today)
    chosen = [current]
    for _ in range(before):
        chosen.insert(0, chosen[0].previous())
    for _ in range(after):
        chosen.append(chosen[-1].next())
    return chosen


class DexExtract(models.Model):
    """One DEX bulk upload (possibly several files) for a period and outlets."""

    _name = "dex.extract"
    _inherit = [
        "mail.thread",
        "dex.extract.records.mixin",
        "dex.extract.validation.mixin",
        "dex.extract.files.mixin",
        "dex.integer.bounds.mixin",
    ]
    _description = "DEX Extract"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("collected", "Collected"),
            ("queued", "Preparing File"),
            ("partial", "Partly Extracted"),
            ("done", "Extracted"),
        ],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    outlet_activity_ids = fields.Many2many(
        "dex.outlet.activity",
        string="Outlet Activities",
        required=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    period = fields.Selection(
        selection="_selection_period",
        string="Reporting Period",
        default=lambda self: self._default_period(),
        help="A DEX half-year, or 'custom' for an explicit date range.",
    )
    date_from = fields.Date(
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    submission_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the file will be uploaded to DSS. The checks use it: a "
        "session dated after it, or in a period closed by then, is refused. Each "
        "client is sent as recorded (consent included) on this day.",
    )
    period_close_date = fields.Date(
        string="Period Closes", compute="_compute_period_status"
    )
    period_days_left = fields.Integer(
        string="Days Left", compute="_compute_period_status"
    )
    period_closed = fields.Boolean(compute="_compute_period_status")
    case_strategy = fields.Selection(
        related="company_id.dex_case_strategy", string="Case Structure"
    )
    max_file_bytes = fields.Integer(
        string="Largest File (bytes)",
        default=writer.MAX_BYTES,
        help="DEX accepts files of at most 10 MB; larger extracts are split into "
        "self-contained files.",
    )
    delivery_ids = fields.One2many(
        "dex.service.delivery", "extract_id", string="Services Delivered"
    )
    delivery_count = fields.Integer(compute="_compute_counts")
    held_back_count = fields.Integer(string="Held Back", compute="_compute_counts")
    finding_ids = fields.One2many(
        "dex.extract.finding", "extract_id", string="Findings", copy=False
    )
    error_count = fields.Integer(compute="_compute_finding_counts")
    warning_count = fields.Integer(compute="_compute_finding_counts")
    file_ids = fields.One2many("dex.extract.file", "extract_id", string="Files")
    current_file_ids = fields.One2many(
        "dex.extract.file",
        "extract_id",
        domain=[("state", "=", "current")],
        string="Current Files",
    )
    corrected_session_ids = fields.Many2many(
        "dex.session",
        string="Corrected Sessions",
        compute="_compute_counts",
        help="Sessions this extract sent that were reopened for correction since; "
        "the next file sends them again with the same DEX IDs.",
    )
    staged_file = fields.Binary(attachment=True, copy=False, readonly=True)
    staged_partner_ids = fields.Many2many(
        "res.partner",
        "dex_extract_staged_partner_rel",
        "extract_id",
        "partner_id",
        string="Clients in the Staged File",
        copy=False,
        readonly=True,
    )
    validated_on = fields.Datetime(copy=False, readonly=True)
    stale_reason = fields.Char(
        copy=False,
        readonly=True,
        help="Why the extract must be validated again before its file is written.",
    )
    staged_session_count = fields.Integer(string="Sessions", copy=False, readonly=True)
    staged_client_count = fields.Integer(string="Clients", copy=False, readonly=True)
    staged_case_count = fields.Integer(string="Cases", copy=False, readonly=True)
    staged_record_count = fields.Integer(copy=False, readonly=True)
    progress = fields.Integer(copy=False, readonly=True)
    progress_note = fields.Char(copy=False, readonly=True)
    amendment_count = fields.Integer(copy=False, readonly=True)

    @api.model
    def _selection_period(self):
        today = fields.Date.context_today(self)
        return [
            (period.start.isoformat(), period.label)
            for period in _periods_around(today)
        ] + [("custom", self.env._("Custom date range"))]

    @api.model
    def _default_period(self):
        today = fields.Date.context_today(self)
        current = periods.period_for(today)
        # until the previous period closes, that is the one people extract
        previous = current.previous()
        chosen = previous if previous.is_open_on(today) else current
        return chosen.start.isoformat()

    @api.depends("period")
    def _compute_dates(self):
        for extract in self:
            if extract.period and extract.period != "custom":
                period = periods.period_for(fields.Date.to_date(extract.period))
                extract.date_from, extract.date_to = period.start, period.end
            elif not extract.date_from:
                extract.date_from = extract.date_to = fields.Date.context_today(self)

    @api.depends("date_from", "submission_date")
    def _compute_period_status(self):
        for extract in self:
            if not extract.date_from:
                extract.update(
                    period_close_date=False, period_days_left=0, period_closed=False
                )
                continue
            submitted = extract.submission_date or fields.Date.context_today(self)
            period = periods.period_for(extract.date_from)
            extract.period_close_date = period.close_date
            extract.period_days_left = period.days_left(submitted)
            extract.period_closed = not period.is_open_on(submitted)

    def init(self):
        # once, on a database from before dex_extract_session_rel: every record
        # an extract holds or sent is found through its session
        self.pool.post_init(
            self.env.cr.execute,
            """
            INSERT INTO dex_extract_session_rel (extract_id, session_id)
            SELECT DISTINCT extract_id, session_id FROM dex_service_delivery
             WHERE extract_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM dex_extract_session_rel)
            """,
        )

    def _compute_counts(self):
        records = self._read_records_summary()
        for extract in self:
            total, held, voided, amended = records.get(extract.id, (0, 0, [], 0))
            staged = extract.staged_record_count if extract.state != "done" else 0
            # the staged records are tagged as its own when it collects:
            # counted once (staged ones left untagged, by an earlier version of
            # the addon, are counted as well)
            extract.delivery_count = total + max(staged - amended, 0)
            extract.held_back_count = held
            extract.corrected_session_ids = self.env["dex.session"].browse(voided)

    def _compute_finding_counts(self):
        # apart from the records' counts: the download's check for errors
        # must not read every record of the extract
        findings = {}
        for extract, level, count in self.env["dex.extract.finding"]._read_group(
            [("extract_id", "in", self.ids)], ["extract_id", "level"], ["__count"]
        ):
            findings[(extract, level)] = count
        for extract in self:
            extract.error_count = findings.get((extract, "error"), 0)
            extract.warning_count = findings.get((extract, "warning"), 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("dex.extract") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if VALIDATION_FIELDS & set(vals):
            self.filtered(lambda e: e.state == "collected")._clear_staging(
                self.env._("its submission date, outlet activities or dates changed")
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(extract.file_ids for extract in self):
            raise UserError(
                self.env._("An extract that wrote a DEX file cannot be deleted.")
            )

    def unlink(self):
        # give the collected records back so another extract can take them
        self._release_ready_records()
        return super().unlink()

    # ------------------------------------------------------------------ actions

    def action_collect(self):
        """Gather the ready SD records of the period and outlets, then validate."""
        self.ensure_one()
        if self.state not in ("draft", "collected", "partial"):
            raise UserError(
                self.env._("Only a draft or collected extract can collect records.")
            )
        if self.state == "draft":
            self.state = "collected"
        self._validate()
        self._note(
            self.env._(
                "%(count)s service delivered records collected and validated.",
                count=self.staged_record_count + self._count_held_back(),
            )
        )
        return True

    def action_validate(self):
        """Run the DEX validator on what the file would hold; list its findings."""
        self.ensure_one()
        if self.state not in ("collected", "partial"):
            raise UserError(self.env._("Collect the records first."))
        self._validate()
        return True

    def action_download(self):
        """Write the DEX file(s), mark the records extracted and download them."""
        self.ensure_one()
        if self.error_count:
            raise UserError(
                self.env._(
                    "%(count)s error(s) would make DSS reject records of this file. "
                    "Fix them (see Findings) and validate again, or choose Download "
                    "What Is Valid to send the rest now.",
                    count=self.error_count,
                )
            )
        self._check_can_write()
        return self._download()

    def action_download_valid(self):
        """Write what is valid; records in error stay collected with their findings."""
        self.ensure_one()
        self._check_can_write()
        return self._download()

    def action_amend(self):
        """Re-open a written extract to send it again with the same IDs."""
        self.ensure_one()
        if self.state not in ("done", "partial"):
            raise UserError(self.env._("Only an extracted file can be amended."))
        self.env["dex.service.delivery"].flush_model()
        self.env.cr.execute(
            SQL(
                "UPDATE dex_service_delivery sd SET state = 'ready' "
                "WHERE %s AND state = 'extracted'",
                self._records_sql(),
            )
        )
        self.env["dex.service.delivery"].invalidate_model(["state"])
        self.current_file_ids.write(
            {"state": "replaced", "replaced_on": fields.Datetime.now()}
        )
        self.write({"state": "collected", "amendment_count": self.amendment_count + 1})
        self._note(
            self.env._(
                "Re-opened for an amendment: the next download sends this extract "
                "again, with each client as recorded on the submission date. Cases "
                "and sessions keep their DEX IDs, so DSS updates them instead of "
                "counting them twice. To change a session, reopen it for correction "
                "(Correct Sessions)."
            )
        )
        self._validate()
        return True

    def action_correct_sessions(self):
        """Pick sessions this extract sent and reopen them for correction."""
        self.ensure_one()
        if not self._get_sent_sessions():
            raise UserError(self.env._("This extract has not sent any session yet."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct Sessions"),
            "res_model": "dex.session.reopen",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_extract_id": self.id},
        }

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_dex_sessions.dex_service_delivery_action"
        )
        # what it collected, holds back or sent: each is tagged as its own
        action["domain"] = self._records_domain()
        return action

    # ------------------------------------------------------------- business

    def _note(self, body):
        """A note in the chatter; logged, so it works for a user without e-mail."""
        self._message_log(body=body)

    def _clear_staging(self, reason=False):
        self.env.cr.execute(
            "DELETE FROM dex_extract_staged_partner_rel WHERE extract_id = ANY(%s)",
            [self.ids],
        )
        self.invalidate_recordset(["staged_partner_ids"])
        self.write(
            {
                "staged_file": False,
                "validated_on": False,
                "stale_reason": reason,
                "staged_record_count": 0,
                "staged_session_count": 0,
                "staged_client_count": 0,
                "staged_case_count": 0,
            }
        )
