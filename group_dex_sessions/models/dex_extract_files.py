"""Writing an extract's DEX files from its staged records, and serving them."""

import tempfile
import threading

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..core import writer
from ..core.errors import DexError
from .dex_extract_build import PLACEHOLDER
from .dex_extract_staged import read_for_writing, staged_keys
from .sql_arrays import pg_int_array
from .sql_background import InBackground

# above this many SD records the file is prepared by the scheduled action
BACKGROUND_THRESHOLD = 100000


class DexExtractFilesMixin(models.AbstractModel):
    """Writing the files of dex.extract (one capability of the model)."""

    _name = "dex.extract.files.mixin"
    _description = "DEX Extract: writing the files"

    # ----------------------------------------------------------------- files

    def _check_can_write(self):
        if self.state not in ("collected", "partial"):
            raise UserError(self.env._("Collect the records first."))
        stale = self._get_stale_reason()
        if stale:
            raise UserError(
                self.env._(
                    "Validate the extract again before writing its file: %(reason)s, "
                    "and the file must hold what the findings checked.",
                    reason=stale,
                )
            )
        if not self.staged_record_count:
            raise UserError(
                self.env._(
                    "There is nothing to write: no collected record is valid yet "
                    "(see Findings)."
                )
            )

    def _download(self):
        if self.staged_record_count > BACKGROUND_THRESHOLD and not self.env.context.get(
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
                        count=self.staged_record_count,
                    ),
                    "sticky": False,
                    # the form reloads: it shows the progress, not Download
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        files = self._write_files()
        return self._download_action(files)

    def _issue_ids(self, cases, sessions):
        """{case key: CaseId}, {session key: SessionId}: issued now where missing."""
        Keys = self.env["dex.extract.key"]
        return (
            Keys._get_dex_ids("case", cases, self.company_id),
            Keys._get_dex_ids("session", sessions, self.company_id),
        )

    def _plan_ids(self, cases, sessions):
        """(CaseIds, SessionIds, SQL storing the new ones, how many each
        stores) for these case and session keys: the new IDs are drawn from
        their sequences now, stored by the SQL."""
        Keys, company = self.env["dex.extract.key"], self.company_id
        case_ids, new_cases = Keys._plan_dex_ids("case", cases, company)
        session_ids, new_sessions = Keys._plan_dex_ids("session", sessions, company)
        planned = [("case", new_cases), ("session", new_sessions)]
        return (
            case_ids,
            session_ids,
            [Keys._issue_sql(kind, new, company) for kind, new in planned if new],
            [len(new) for _kind, new in planned if new],
        )

    def _mark_sql(self, record_ids):
        """SQL marking the records the file sends extracted, in one statement.

        Collecting tagged them as this extract's already (_claim_sql), so
        extract_id keeps its value and PostgreSQL checks no foreign key per
        record; a record still untagged (collected by an earlier version of
        the addon) is tagged here. held_back is left as it is (never true
        here): it is in the predicate of an index, and changing it, even from
        NULL to false, would make each row's update touch every index (see
        dex.service.delivery.init). So are write_uid and write_date, as by the
        extract's other lifecycle updates: who wrote the file, and when, is on
        the file; and a write_uid changed from the user who completed the
        records (the scheduled action, mostly) costs a foreign-key check per
        record, 1.8 s for 500,000.
        """
        return SQL(
            """
            UPDATE dex_service_delivery SET state = 'extracted', extract_id = %s
             WHERE id = ANY(%s::int[]) AND state = 'ready' AND held_back IS NOT TRUE
               AND (extract_id IS NULL OR extract_id = %s)
            """,
            self.id,
            pg_int_array(record_ids),
            self.id,
        )

    def _check_marked(self, marked, sending):
        """All the ``sending`` records the file sends are marked, or none: the
        file is refused (and the transaction rolled back) when another took
        some."""
        if marked != sending:
            raise UserError(
                self.env._(
                    "%(count)s of the validated records were sent by another extract "
                    "or taken back for correction since: collect again.",
                    count=sending - marked,
                )
            )

    def _write_parts(self, data, case_ids, session_ids, max_bytes):
        """([written file], [writer.PartInfo]) of the staged ``data``, with
        these IDs, in files of at most ``max_bytes``; each is kept on disk
        until it is stored."""
        parts = []

        def open_part(_index):
            parts.append(_PartFile())
            return parts[-1]

        source, sessions = read_for_writing(data, case_ids, session_ids)
        try:
            infos = writer.write_fragments(
                source, sessions, open_part, max_bytes=max_bytes
            )
        except (DexError, ValueError) as error:
            raise UserError(str(error)) from error
        return parts, infos

    def _write_files(self, commit=False):
        """Write the staged records as DEX files; mark them extracted.

        The IDs the file needs are drawn first; the server stores them and
        marks the records while the files are written (sql_background.py).
        """
        self.ensure_one()
        data = self._staged_data()
        cases, sessions, record_ids = staged_keys(data)
        self._set_progress(
            1, 3, self.env._("writing the DEX files, marking records extracted"), commit
        )
        case_ids, session_ids, statements, issuing = self._plan_ids(cases, sessions)
        statements.append(self._mark_sql(record_ids))
        sending = len(record_ids)
        del record_ids  # in the statement now: not kept while the files are written
        max_bytes = self.max_file_bytes
        self.env["dex.service.delivery"].flush_model()
        with InBackground(self.env.cr, statements) as sql:
            parts, infos = self._write_parts(data, case_ids, session_ids, max_bytes)
        self.env["dex.service.delivery"].invalidate_model(["state", "extract_id"])
        *issued, marked = sql.rowcounts
        self._check_marked(marked, sending)
        if issued != issuing:
            # another file issued IDs for some of these keys at the same time:
            # its IDs stand, so the files are written again with them
            for part in parts:
                part.discard()
            case_ids, session_ids = self._issue_ids(cases, sessions)
            parts, infos = self._write_parts(data, case_ids, session_ids, max_bytes)
        self._set_progress(2, 3, self.env._("storing the DEX files"), commit)
        upload = max(self.file_ids.mapped("upload"), default=0) + 1
        attachments = [
            self._store_part(upload, index, len(parts), part.content())
            for index, part in enumerate(parts)
        ]
        files = self._store_files(upload, attachments, infos)
        held = self._count_held_back()
        self.write(
            {
                "state": "partial" if held else "done",
                "progress": 100,
                "progress_note": False,
            }
        )
        self._clear_staging()
        self._note(
            self.env._(
                "DEX file written: %(files)s file(s), %(sessions)s sessions, "
                "%(records)s service delivered records. %(held)s",
                files=len(files),
                sessions=sum(info.sessions for info in infos),
                records=marked,
                held=self.env._(
                    "%(count)s records in error are held back (see Findings).",
                    count=held,
                )
                if held
                else "",
            )
        )
        return files

    def _file_name(self, upload, index, count):
        stem = self.name.replace("/", "-")
        day = fields.Date.context_today(self).isoformat()
        part = f"_part-{index + 1}-of-{count}" if count > 1 else ""
        return f"{stem}_file-{upload}{part}_{day}.xml"

    def _store_part(self, upload, index, count, content):
        # as the superuser: Odoo keeps an XML file that a user who may not edit
        # views creates as text/plain (against uploaded scripts; sudo() does
        # not lift it), and copies all the text of a text file into the
        # database to search it: the client details of a DEX file, again.
        # This file is the addon's own writing, its text escaped; the
        # manager's right to write it was checked on the extract, and who
        # wrote it is on the extract's file (written_by_id).
        attachments = self.env["ir.attachment"].with_user(SUPERUSER_ID)
        return attachments.create(
            {
                "name": self._file_name(upload, index, count),
                "raw": content,
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_id": self.id,
                # the extract's, not the superuser's company
                "company_id": self.company_id.id,
            }
        )

    def _store_files(self, upload, attachments, infos):
        now = fields.Datetime.now()
        count = len(attachments)
        vals_list = []
        pairs = zip(attachments, infos, strict=True)
        for index, (attachment, info) in enumerate(pairs):
            vals_list.append(
                {
                    "extract_id": self.id,
                    "upload": upload,
                    "part": index + 1,
                    "part_count": count,
                    "attachment_id": attachment.id,
                    "written_on": now,
                    "written_by_id": self.env.uid,
                    "session_count": info.sessions,
                    "client_count": info.clients,
                    "case_count": info.cases,
                }
            )
        return self.env["dex.extract.file"].create(vals_list)

    def _download_action(self, files):
        """Download what was just written; the form then reloads (see
        static/src/extract/download_files.js), showing the extract's new state."""
        if len(files) == 1:
            url = files.action_download()["url"]
        else:
            url = f"/group_dex_sessions/extract/{self.id}/files/{files[0].upload}"
        return {
            "type": "ir.actions.client",
            "tag": "group_dex_sessions.download_files",
            "params": {"url": url},
        }

    def _render_dex_xml(self):
        """The DEX XML the report shows: the last file written, or a preview.

        A preview issues no ID: new cases and sessions show provisional IDs.
        """
        self.ensure_one()
        current = self.current_file_ids.sorted(lambda f: (f.upload, f.part))
        if current and not self.staged_file:
            return Markup(current[-1].attachment_id.raw.decode("utf-8"))
        data = self._staged_data()
        if not data:
            raise UserError(
                self.env._("There is nothing to show yet: collect the records.")
            )
        cases, sessions, _records = staged_keys(data)
        provisional = iter(range(1, len(cases) + len(sessions) + 1))
        case_ids = {
            k: v or PLACEHOLDER.format(next(provisional)) for k, v in cases.items()
        }
        session_ids = {
            k: v or PLACEHOLDER.format(next(provisional)) for k, v in sessions.items()
        }
        parts, _infos = self._write_parts(data, case_ids, session_ids, 2**62)
        if not parts:
            raise UserError(self.env._("There is nothing to extract yet."))
        return Markup(parts[0].content().decode("utf-8"))

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
            extract.state = "collected"
            try:
                extract.with_company(extract.company_id)._check_can_write()
                extract.with_company(extract.company_id)._write_files(auto_commit)
            except UserError as error:
                extract.write({"state": "collected", "progress_note": str(error)})
                extract._note(str(error))
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit


class _PartFile:
    """A DEX file being written, kept in a temporary file until it is stored:
    a file of years of data is never all in memory."""

    def __init__(self):
        self._file = tempfile.TemporaryFile()
        self.write = self._file.write  # the writer writes straight to it

    def close(self):
        """The writer is done with it; it stays to be read by content()."""

    def content(self):
        """Its bytes, once: the temporary file goes."""
        self._file.seek(0)
        data = self._file.read()
        self.discard()
        return data

    def discard(self):
        self._file.close()
