"""DEX extract: ready SD records turned into the bulk-upload XML DSS accepts.

The ORM gathers and groups SD records; the pure core builds, validates and
writes the DEX records (core.types, core.validator, core.writer).
"""

import base64
import io
import logging
import threading
import zipfile
from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core import periods, types, validator, writer
from ..core.errors import DexError

_logger = logging.getLogger(__name__)

BATCH = 5000
# above this many SD records the file is prepared by the scheduled action
BACKGROUND_THRESHOLD = 20000


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
    _inherit = ["mail.thread"]
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
    finding_ids = fields.One2many(
        "dex.extract.finding", "extract_id", string="Findings", copy=False
    )
    error_count = fields.Integer(compute="_compute_counts")
    warning_count = fields.Integer(compute="_compute_counts")
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        domain=[("res_model", "=", "dex.extract")],
        string="Files",
        copy=False,
    )
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

    @api.depends("date_from")
    def _compute_period_status(self):
        today = fields.Date.context_today(self)
        for extract in self:
            if not extract.date_from:
                extract.update(
                    period_close_date=False, period_days_left=0, period_closed=False
                )
                continue
            period = periods.period_for(extract.date_from)
            extract.period_close_date = period.close_date
            extract.period_days_left = period.days_left(today)
            extract.period_closed = not period.is_open_on(today)

    def _compute_counts(self):
        deliveries = dict(
            self.env["dex.service.delivery"]._read_group(
                [("extract_id", "in", self.ids)], ["extract_id"], ["__count"]
            )
        )
        findings = defaultdict(int)
        for extract, level, count in self.env["dex.extract.finding"]._read_group(
            [("extract_id", "in", self.ids)], ["extract_id", "level"], ["__count"]
        ):
            findings[(extract, level)] = count
        for extract in self:
            extract.delivery_count = deliveries.get(extract, 0)
            extract.error_count = findings[(extract, "error")]
            extract.warning_count = findings[(extract, "warning")]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("dex.extract") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(extract.state == "done" for extract in self):
            raise UserError(
                self.env._("An extract that went to DEX cannot be deleted.")
            )

    def unlink(self):
        # give the collected records back so another extract can take them
        self._release_ready_records()
        return super().unlink()

    def _release_ready_records(self):
        self.env["dex.service.delivery"].flush_model()
        self.env.cr.execute(
            """
            UPDATE dex_service_delivery SET extract_id = NULL
             WHERE extract_id = ANY(%s) AND state = 'ready'
            """,
            [self.ids],
        )
        self.env["dex.service.delivery"].invalidate_model(["extract_id"])

    def _sql_set_deliveries(self, column, value, ids, where_state=None):
        """Set one column of many SD records in one statement (no ORM cache)."""
        self.env["dex.service.delivery"].flush_model()
        query = f"""
            UPDATE dex_service_delivery
               SET {column} = %s, write_uid = %s, write_date = now() at time zone 'UTC'
             WHERE id = ANY(%s)
        """  # noqa: S608 - column is one of two names chosen by this class
        params = [value, self.env.uid, list(ids)]
        if where_state:
            query += " AND state = %s"
            params.append(where_state)
        self.env.cr.execute(query, params)
        self.env["dex.service.delivery"].invalidate_model([column])

    # ------------------------------------------------------------------ actions

    def action_collect(self):
        """Gather the ready SD records of the period and outlets not yet extracted."""
        self.ensure_one()
        if self.state not in ("draft", "collected"):
            raise UserError(self.env._("Only a draft extract can collect records."))
        self._release_ready_records()
        found = self.env["dex.service.delivery"]._search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "ready"),
                ("extract_id", "=", False),
                ("outlet_activity_id", "in", self.outlet_activity_ids.ids),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="id",
        )
        # The search above applied access rules; tagging hundreds of thousands of
        # rows is then one UPDATE per batch instead of an ORM write per record.
        found_ids = list(found)
        for start in range(0, len(found_ids), BATCH * 10):
            self._sql_set_deliveries(
                "extract_id", self.id, found_ids[start : start + BATCH * 10]
            )
            self._set_progress(
                start + BATCH * 10, len(found_ids), self.env._("collecting records")
            )
        found = found_ids
        self.state = "collected"
        self.message_post(
            body=self.env._(
                "%(count)s service delivered records collected.", count=len(found)
            )
        )
        self.action_validate()
        return True

    def action_validate(self):
        """Run the DEX validator on what the file would hold; list its findings."""
        self.ensure_one()
        self._validate(self._build_dex_records())
        return True

    def _validate(self, built):
        findings = validator.validate_records(
            built.clients,
            built.cases,
            built.sessions,
            submitted=fields.Date.context_today(self),
        )
        vals_list = [
            built.finding_vals(
                finding.level, finding.record, finding.path, finding.message
            )
            for finding in findings
        ] + built.extra_findings
        vals_list += self._period_findings(built)
        self.finding_ids.unlink()
        self.env["dex.extract.finding"].create(
            [dict(vals, extract_id=self.id) for vals in vals_list]
        )

    def action_download(self):
        """Write the DEX file(s), mark the records extracted and download them."""
        self.ensure_one()
        if self.state not in ("collected",):
            raise UserError(self.env._("Collect the records first."))
        if not self.delivery_ids:
            raise UserError(self.env._("There is nothing to extract."))
        if len(self.delivery_ids) > BACKGROUND_THRESHOLD and not self.env.context.get(
            "dex_extract_now"
        ):
            self.state = "queued"
            self.env.ref("group_dex_sessions.ir_cron_dex_prepare_extracts")._trigger()
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Preparing the DEX file"),
                    "message": self.env._(
                        "%(count)s records: the file is prepared in the background; "
                        "its progress shows on the extract.",
                        count=len(self.delivery_ids),
                    ),
                    "sticky": False,
                },
            }
        self._generate_files()
        return self._download_action()

    def action_amend(self):
        """Re-open an extracted file for corrections; it re-exports the same IDs."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Only an extracted file can be amended."))
        self.delivery_ids.filtered(lambda sd: sd.state == "extracted").write(
            {"state": "ready"}
        )
        for attachment in self.attachment_ids:
            attachment.name = self.env._("superseded-%(name)s", name=attachment.name)
        self.write({"state": "collected", "amendment_count": self.amendment_count + 1})
        self.message_post(
            body=self.env._(
                "Re-opened for an amendment: correct the sessions or clients, then "
                "download again. Cases and sessions keep their DEX IDs, so DSS "
                "updates them instead of counting them twice."
            )
        )
        return True

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_dex_sessions.dex_service_delivery_action"
        )
        action["domain"] = [("extract_id", "=", self.id)]
        return action

    # ----------------------------------------------------------------- files

    def _generate_files(self, commit=False):
        """Validate, write the files as attachments and mark the records extracted."""
        self.ensure_one()
        built = self._build_dex_records()
        self._validate(built)
        if self.error_count:
            raise UserError(
                self.env._(
                    "%(count)s errors would make DEX reject the file. Fix them (see "
                    "Findings) and validate again.",
                    count=self.error_count,
                )
            )
        self._set_progress(1, 3, self.env._("writing the DEX file"), commit)
        try:
            parts = writer.write_bytes(
                built.clients,
                built.cases,
                built.sessions,
                max_bytes=self.max_file_bytes,
            )
        except DexError as error:
            raise UserError(str(error)) from error
        self.attachment_ids.filtered(
            lambda att: not att.name.startswith("superseded-")
        ).unlink()  # a retry after an error replaces its own files
        stem = self.name.replace("/", "-")
        self.env["ir.attachment"].create(
            [
                {
                    "name": f"{stem}-{index + 1}-of-{len(parts)}.xml"
                    if len(parts) > 1
                    else f"{stem}.xml",
                    "raw": content,
                    "mimetype": "application/xml",
                    "res_model": self._name,
                    "res_id": self.id,
                }
                for index, content in enumerate(parts)
            ]
        )
        self.invalidate_recordset(["attachment_ids"])
        self._set_progress(2, 3, self.env._("marking records extracted"), commit)
        self.env["dex.service.delivery"].flush_model()
        self.env.cr.execute(
            """
            SELECT id FROM dex_service_delivery
             WHERE extract_id = %s AND state = 'ready'
            """,
            [self.id],
        )
        ready_ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ready_ids), BATCH * 10):
            self._sql_set_deliveries(
                "state", "extracted", ready_ids[start : start + BATCH * 10], "ready"
            )
        self.write({"state": "done", "progress": 100, "progress_note": False})
        self.message_post(
            body=self.env._(
                "DEX file written: %(files)s file(s), %(sessions)s sessions, "
                "%(clients)s clients.",
                files=len(parts),
                sessions=len(built.sessions),
                clients=len(built.clients),
            )
        )
        return parts

    def _current_files(self):
        """The DEX XML files of the last download (not the superseded ones)."""
        return self.attachment_ids.filtered(
            lambda att: att.name.endswith(".xml")
            and not att.name.startswith("superseded-")
        ).sorted("name")

    def _download_action(self):
        files = self._current_files()
        if len(files) == 1:
            target = files
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for attachment in files.sorted("name"):
                    archive.writestr(attachment.name, attachment.raw)
            target = self.env["ir.attachment"].create(
                {
                    "name": f"{self.name.replace('/', '-')}.zip",
                    "datas": base64.b64encode(buffer.getvalue()),
                    "mimetype": "application/zip",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{target.id}?download=true",
            "target": "self",
        }

    def _render_dex_xml(self):
        """The DEX XML shown by the report: the written file, or a preview."""
        self.ensure_one()
        files = self._current_files()
        if files:
            content = files[0].raw
        else:
            built = self._build_dex_records()
            try:
                parts = writer.write_bytes(
                    built.clients, built.cases, built.sessions, max_bytes=2**62
                )
            except DexError as error:
                raise UserError(
                    self.env._(
                        "No DEX file can be written yet: %(error)s. Validate the "
                        "extract and fix its findings.",
                        error=error,
                    )
                ) from error
            if not parts:
                raise UserError(self.env._("There is nothing to extract yet."))
            content = parts[0]
        return Markup(content.decode("utf-8"))

    def _set_progress(self, done, total, note, commit=False):
        percent = min(100, int(100 * done / total)) if total else 100
        self.write({"progress": percent, "progress_note": note})
        if commit:
            # the scheduled action keeps its progress visible to the user
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _cron_prepare_extracts(self):
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        for extract in self.search([("state", "=", "queued")]):
            try:
                extract.with_company(extract.company_id)._generate_files(auto_commit)
            except UserError as error:
                extract.write({"state": "collected", "progress_note": str(error)})
                extract.message_post(body=str(error))
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    # --------------------------------------------------------------- mapping

    def _build_dex_records(self):
        return _DexRecords(self)

    def _period_findings(self, built):
        findings = []
        if self.period_closed:
            findings.append(
                {
                    "level": "error",
                    "record": self.name,
                    "path": "",
                    "message": self.env._(
                        "The reporting period closed on %(date)s: DEX refuses sessions "
                        "dated in it.",
                        date=self.period_close_date,
                    ),
                }
            )
        for session, day in built.session_dates.items():
            if not self.date_from <= day <= self.date_to:
                findings.append(
                    {
                        "level": "warning",
                        "record": session.display_name,
                        "path": "",
                        "message": self.env._(
                            "Dated %(date)s, outside the extract's period %(start)s to "
                            "%(end)s.",
                            date=day,
                            start=self.date_from,
                            end=self.date_to,
                        ),
                        "res_ref": f"dex.session,{session.id}",
                    }
                )
        return findings


class _DexRecords:
    """The DEX Clients, Cases and Sessions of an extract, built by the core types.

    SD records are read grouped in the database (one row per DEX session), never
    one by one, so years of data fit in memory. Also remembers which Odoo record
    each DEX record came from, so every validator finding links to what to fix.
    """

    def __init__(self, extract):
        self.extract = extract
        self.env = extract.env
        self.strategy = extract.case_strategy
        self.links = {}
        self.extra_findings = []
        self.session_dates = {}
        self.domain = [
            ("extract_id", "=", extract.id),
            ("state", "in", ("ready", "extracted")),
        ]
        groups = self._read_groups()
        items = self._read_extra_items()
        Keys = self.env["dex.extract.key"]
        case_ids = Keys._get_dex_ids(
            "case", (group["case_key"] for group in groups), extract.company_id
        )
        session_ids = Keys._get_dex_ids(
            "session", (group["key"] for group in groups), extract.company_id
        )
        self.sessions = self._sessions(groups, items, case_ids, session_ids)
        self.cases = self._cases(groups, case_ids)
        self.clients = self._clients()

    def _group_fields(self):
        fields_ = ["session_id", "service_type_id", "outlet_activity_id"]
        if self.strategy == "service":
            fields_.append("service_id")
        elif self.strategy == "client":
            fields_.append("partner_id")
        return fields_

    def _read_groups(self):
        """One dict per DEX session: its key, case key, date, clients and totals."""
        keys = self._group_fields()
        rows = self.env["dex.service.delivery"]._read_group(
            self.domain,
            [*keys, "service_setting_id", "date:day"],
            ["client_contribution:sum", "time_minutes:max", "dex_client_id:array_agg"],
        )
        # only the series is needed: fetch that column, not whole sessions
        sessions = self.env["dex.session"].search_fetch(
            [("id", "in", list({row[0].id for row in rows}))], ["recurrence_id"]
        )
        groups = []
        for row in rows:
            values = dict(zip(keys, row, strict=False))
            setting, day, fees, minutes, client_ids = row[len(keys) :]
            session = values["session_id"]
            key = ":".join(str(values[name].id) for name in keys[:2] + keys[3:])
            groups.append(
                {
                    "key": key,
                    "case_key": self._case_key(values, sessions),
                    "session": session,
                    "service_type": values["service_type_id"],
                    "outlet": values["outlet_activity_id"],
                    "setting": setting,
                    "date": day,
                    "fees": fees or 0.0,
                    "minutes": minutes or 0,
                    "client_ids": sorted(set(client_ids)),
                    "item_key": (session.id, values["service_type_id"].id),
                }
            )
            self.session_dates[session] = day
        return groups

    def _case_key(self, values, sessions):
        session = values["session_id"]
        if self.strategy == "service":
            group = f"service-{values['service_id'].id}"
        elif self.strategy == "client":
            group = f"client-{values['partner_id'].id}"
        else:
            series = sessions.browse(session.id).recurrence_id
            group = f"series-{series.id}" if series else f"session-{session.id}"
        return f"{self.strategy}:{values['outlet_activity_id'].id}:{group}"

    def _read_extra_items(self):
        """{(session id, service type id): sorted ExtraItemCodes}, in one query."""
        self.env["dex.service.delivery"].flush_model()
        self.env.cr.execute(
            """
            SELECT sd.session_id, sd.service_type_id,
                   array_agg(DISTINCT item.code ORDER BY item.code)
              FROM dex_service_delivery sd
              JOIN dex_service_delivery_extra_item_rel rel ON rel.delivery_id = sd.id
              JOIN dex_extra_item item ON item.id = rel.extra_item_id
             WHERE sd.extract_id = %s AND sd.state IN ('ready', 'extracted')
          GROUP BY sd.session_id, sd.service_type_id
            """,
            [self.extract.id],
        )
        return {(row[0], row[1]): tuple(row[2]) for row in self.env.cr.fetchall()}

    def _sessions(self, groups, items, case_ids, session_ids):
        sessions = []
        for group in groups:
            service_type = group["service_type"]
            case_id, session_id = case_ids[group["case_key"]], session_ids[group["key"]]
            fees = Decimal(str(group["fees"])).quantize(Decimal("0.01"))
            minutes = group["minutes"]
            self.links[f"Session {case_id}/{session_id}"] = (
                f"dex.session,{group['session'].id}"
            )
            sessions.append(
                types.Session(
                    session_id=session_id,
                    case_id=case_id,
                    session_date=group["date"],
                    service_type_id=int(service_type.code),
                    fees_charged=fees if fees or service_type.requires_fees else None,
                    time_minutes=minutes
                    if minutes or service_type.requires_time_minutes
                    else None,
                    service_setting_code=group["setting"].code or None,
                    session_clients=tuple(
                        types.SessionClient(client_id=client_id)
                        for client_id in group["client_ids"]
                    ),
                    extra_items=items.get(group["item_key"], ()),
                )
            )
        # the writer keeps a case's clients together when sessions come by case
        sessions.sort(key=lambda session: (session.case_id, session.session_id))
        return sessions

    def _cases(self, groups, case_ids):
        clients_of, outlet_of = defaultdict(set), {}
        for group in groups:
            case_key = group["case_key"]
            clients_of[case_key].update(group["client_ids"])
            outlet_of[case_key] = group["outlet"]
            self.links.setdefault(
                f"Case {case_ids[case_key]}", f"dex.session,{group['session'].id}"
            )
        return [
            types.Case(
                case_id=case_ids[case_key],
                outlet_activity_id=int(outlet_of[case_key].code),
                case_clients=tuple(
                    types.CaseClient(client_id=client_id)
                    for client_id in sorted(clients)
                ),
            )
            for case_key, clients in clients_of.items()
        ]

    def _clients(self):
        rows = self.env["dex.service.delivery"]._read_group(
            self.domain, ["dex_client_id", "partner_id"], ["date:min"]
        )
        partners = self.env["res.partner"].browse({row[1].id for row in rows})
        clients = []
        for client_id, partner, first_date in rows:
            partner = partners.browse(partner.id)
            self.links[f"Client {client_id}"] = f"res.partner,{partner.id}"
            try:
                clients.append(
                    partner._prepare_dex_client(
                        client_id, first_date, self.extract.company_id
                    )
                )
            except (UserError, DexError) as error:
                self.extra_findings.append(
                    {
                        "level": "error",
                        "record": f"Client {client_id}",
                        "path": "Client",
                        "message": str(error),
                        "res_ref": f"res.partner,{partner.id}",
                    }
                )
        return clients

    def finding_vals(self, level, record, path, message):
        return {
            "level": level,
            "record": record,
            "path": path,
            "message": message,
            "res_ref": self.links.get(record, False),
        }
