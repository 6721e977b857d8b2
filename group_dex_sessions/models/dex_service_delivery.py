from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

MANAGER_GROUP = "group_dex_sessions.group_dex_sessions_group_manager"
SD_STATES = [
    ("ready", "Ready"),
    ("not_reportable", "Not Reportable"),
    ("extracted", "Extracted"),
    ("void", "Void"),
]

# What an SD keeps of its session when it is made: the extract must never look back
# at session data that staff may change later.
SNAPSHOT_FIELDS = (
    "session_id",
    "session_service_id",
    "service_id",
    "category_id",
    "delivery_method_id",
    "service_type_ids",
    "service_type_id",
    "service_setting_id",
    "outlet_activity_id",
    "date",
    "actual_start",
    "actual_end",
    "time_minutes",
    "client_contribution",
    "extra_item_ids",
    "travel_chargeable",
    "travel_area_id",
    "worker_ids",
    "partner_id",
    "dex_client_id",
    "company_id",
    "case_group",
)
# A client has one live SD record per planned service; voided ones (voided_on set,
# by _void only) stay as the history of what DSS received before a correction.
HELD_BACK_INDEX = "dex_service_delivery_held_back_idx"
LIVE_UNIQUE_INDEX = "dex_service_delivery_live_client_uniq"
# Kept free on each page for the updates most SD records get: tagged by the
# extract that collects them, then marked extracted when its file is written
# (the space of the first is reclaimed by then, its transaction over): see init()
FILLFACTOR = 50


class DexServiceDelivery(models.Model):
    """Service delivered (SD): one attended client receiving one planned service."""

    _name = "dex.service.delivery"
    _description = "DEX Service Delivered"
    _order = "date desc, session_id desc, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    # not indexed, nor extract_id: see init()
    state = fields.Selection(SD_STATES, string="Status", required=True, default="ready")
    not_reportable_reason = fields.Char(string="Why Not Reportable")
    session_id = fields.Many2one(
        "dex.session", required=True, index=True, ondelete="restrict", readonly=True
    )
    session_service_id = fields.Many2one(
        "dex.session.service",
        string="Planned Service",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    service_id = fields.Many2one("dex.service", required=True, readonly=True)
    category_id = fields.Many2one(
        "dex.support.category", string="Support Category", readonly=True
    )
    delivery_method_id = fields.Many2one("dex.delivery.method", readonly=True)
    service_type_ids = fields.Many2many(
        "dex.service.type",
        "dex_service_delivery_service_type_rel",
        "delivery_id",
        "service_type_id",
        string="DEX Service Types",
        readonly=True,
    )
    service_type_id = fields.Many2one(
        "dex.service.type",
        string="Reported As",
        readonly=True,
        index=True,
        help="The DEX service type this record is reported under: its service's "
        "type when the session has it, else the session's only type.",
    )
    service_setting_id = fields.Many2one(
        "dex.service.setting", string="DEX Service Setting", readonly=True
    )
    extract_id = fields.Many2one(
        "dex.extract",
        string="DEX Extract",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    outlet_activity_id = fields.Many2one(
        "dex.outlet.activity", readonly=True, index=True
    )
    date = fields.Date(required=True, index=True, readonly=True)
    actual_start = fields.Datetime(readonly=True)
    actual_end = fields.Datetime(readonly=True)
    time_minutes = fields.Integer(readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    client_contribution = fields.Monetary(currency_field="currency_id", readonly=True)
    extra_item_ids = fields.Many2many(
        "dex.extra.item",
        "dex_service_delivery_extra_item_rel",
        "delivery_id",
        "extra_item_id",
        string="Assistance Items",
        readonly=True,
    )
    travel_chargeable = fields.Boolean(readonly=True)
    travel_area_id = fields.Many2one("dex.travel.area", readonly=True)
    worker_ids = fields.Many2many(
        "hr.employee",
        "dex_service_delivery_worker_rel",
        "delivery_id",
        "employee_id",
        string="Workers",
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, readonly=True
    )
    dex_client_id = fields.Char(
        string="DEX Client ID",
        readonly=True,
        help="The client's DEX Client ID when the record was made.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    case_group = fields.Char(
        readonly=True,
        help="The group activity the session belonged to when it was completed "
        "(its series, or the session itself): the DEX case it is reported in.",
    )
    held_back = fields.Boolean(
        readonly=True,
        default=False,
        copy=False,
        help="Collected, but kept out of the extract's file by an error in it or "
        "in a record it depends on (see the extract's findings).",
    )
    void_reason = fields.Char(
        string="Why Void",
        readonly=True,
        copy=False,
        help="Why the record no longer counts, e.g. its session was reopened for "
        "correction after it went to DEX.",
    )
    voided_by_id = fields.Many2one("res.users", string="Voided By", readonly=True)
    voided_on = fields.Datetime(readonly=True)

    def init(self):
        """Let writing a file mark its records as a heap-only (HOT) update.

        Collecting tags every record an extract takes (extract_id), and its
        file marks every record it sends (state), each in one UPDATE.
        PostgreSQL rewrites a row in place on its page, touching no index, only
        when no index covers a changed column and the page has room. So neither
        column is indexed (nor in an index predicate), and pages are filled to
        FILLFACTOR only: marking 500,000 records then takes seconds instead of
        adding an entry to each of the table's nine indexes for every record.
        An extract finds its records through their sessions instead
        (dex.extract._records_domain), the other queries by session, date or
        outlet activity.
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                "ALTER TABLE dex_service_delivery SET (fillfactor = %s)",
                SQL(str(int(FILLFACTOR))),
            )
        )
        # indexes of earlier versions, which Odoo keeps once a field drops index=
        for name in (
            "dex_service_delivery__state_index",
            "dex_service_delivery__extract_id_index",
            "dex_service_delivery_live_service_client_uniq",
        ):
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
        # partial: voided records stay as history next to the live one
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON dex_service_delivery "
                "(session_service_id, partner_id) WHERE voided_on IS NULL",
                SQL.identifier(LIVE_UNIQUE_INDEX),
            )
        )
        # the few records an error holds back, found at each validation without
        # reading the others. It keys on id, which never changes, and the mark
        # leaves held_back as it is, so the mark stays HOT
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON dex_service_delivery (id) "
                "WHERE held_back",
                SQL.identifier(HELD_BACK_INDEX),
            )
        )

    @api.depends("partner_id", "service_id", "date")
    def _compute_name(self):
        for delivery in self:
            delivery.name = (
                f"{delivery.date or ''} {delivery.partner_id.name or ''}: "
                f"{delivery.service_id.name or ''}"
            ).strip()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_extracted(self):
        extracted = self.filtered(lambda delivery: delivery.state == "extracted")
        if extracted:
            raise UserError(
                self.env._(
                    "Extracted service delivered records cannot be deleted: %(sds)s",
                    sds=", ".join(extracted.mapped("display_name")),
                )
            )

    def write(self, vals):
        if not self.env.su:
            # only the lifecycle (completion, correction, the extract, Void) changes
            # SD records, and it does so with a narrow sudo once it has checked
            # who may do what: a direct write, through the UI or RPC, is refused
            raise UserError(
                self.env._(
                    "Service delivered records are made by completing their "
                    "session and change only through it (Reopen for Correction) "
                    "and the DEX extract; a DEX manager voids one with Void."
                )
            )
        return super().write(vals)

    def action_void(self):
        """Ask why, then void these records (dex.service.delivery.void)."""
        self._check_voidable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Void Services Delivered"),
            "res_model": "dex.service.delivery.void",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_delivery_ids": self.ids},
        }

    def _check_voidable(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only a DEX manager voids service delivered records.")
            )
        sent = self.filtered(lambda sd: sd.state in ("extracted", "void"))
        if sent:
            raise UserError(
                self.env._(
                    "%(sds)s went to DEX or is void already: to correct what DSS "
                    "received, reopen its session for correction from the extract.",
                    sds=", ".join(sent.mapped("display_name")),
                )
            )

    def _void_by_manager(self, reason):
        """Void records that never went to DEX, with the reason on their session."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the records are void."))
        self._check_voidable()
        # sudo: the checks above decided; the lifecycle writes SD records
        self.sudo()._void(reason.strip())
        for session in self.session_id:
            mine = self.filtered(lambda sd, s=session: sd.session_id == s)
            session._message_log(
                body=self.env._(
                    "%(user)s voided %(sds)s: %(reason)s",
                    user=self.env.user.name,
                    sds=", ".join(mine.mapped("display_name")),
                    reason=reason.strip(),
                )
            )
        return True

    def _void(self, reason):
        """Void these records: they stay, for the history, and no longer count."""
        self.write(
            {
                "state": "void",
                "void_reason": reason,
                "voided_by_id": self.env.uid,
                "voided_on": fields.Datetime.now(),
                "held_back": False,
            }
        )

    @api.model
    def _session_report_problems(self, session, service_type=None):
        """What keeps every SD of this session (and service type) out of DEX."""
        problems = []
        if not session.outlet_activity_id:
            problems.append(self.env._("the session has no outlet activity"))
        if not session.service_type_ids:
            problems.append(self.env._("the session has no DEX service type"))
        elif service_type is not None and not service_type:
            problems.append(
                self.env._(
                    "the session has several DEX service types and the service has "
                    "none of them"
                )
            )
        return problems

    @api.model
    def _reported_service_type(self, session, service):
        """The one DEX service type an SD of ``service`` in ``session`` counts as."""
        if service.service_type_id in session.service_type_ids:
            return service.service_type_id
        if len(session.service_type_ids) == 1:
            return session.service_type_ids
        return self.env["dex.service.type"]

    @api.model
    def _reportability(self, dex_client_id, session_problems):
        """(state, reason) of an SD, from its client's ID and its session's problems."""
        reasons = [] if dex_client_id else [self.env._("no DEX Client ID")]
        reasons += session_problems
        if reasons:
            return "not_reportable", "; ".join(reasons)
        return "ready", False

    @api.model
    def _refresh_dex_client_ids(self, partners):
        """Give waiting SDs the DEX Client ID their clients have since received."""
        waiting = self.search(
            [("partner_id", "in", partners.ids), ("state", "=", "not_reportable")]
        )
        if not waiting:
            return
        ids_by_key = self.env["dex.partner.identifier"]._dex_client_id_map(
            (delivery.partner_id.id, delivery.company_id.id, delivery.date)
            for delivery in waiting
        )
        for delivery in waiting:
            client_id = ids_by_key.get(
                (delivery.partner_id.id, delivery.company_id.id, delivery.date)
            )
            state, reason = self._reportability(
                client_id,
                self._session_report_problems(
                    delivery.session_id, delivery.service_type_id
                ),
            )
            if (client_id, state) != (delivery.dex_client_id, delivery.state):
                # sudo: a client given a DEX Client ID makes their waiting
                # records reportable, whoever gave it
                delivery.sudo().write(
                    {
                        "dex_client_id": client_id,
                        "state": state,
                        "not_reportable_reason": reason,
                    }
                )
