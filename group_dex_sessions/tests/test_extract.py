import gc
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError
from odoo.tests import users

from odoo.addons.group_dex_sessions.core import reader, schema, validator
from odoo.addons.group_dex_sessions.models import dex_extract_files
from odoo.addons.group_dex_sessions.models.python_gc import paused_cyclic_gc
from odoo.addons.group_dex_sessions.models.sql_arrays import pg_int_array, pg_text_array

from .test_completion import CompletionCase

# newer than the DSS 2015 schema (SPEC.md section 4)
NEWER_ELEMENTS = ("ServiceSettingCode",)


class ExtractCase(CompletionCase):
    """Three clients with DEX client data; one consents to DEX keeping names.

    Tests run on 20 March 2026, inside the January-June 2026 period.
    """

    def setUp(self):
        super().setUp()
        frozen = freeze_time("2026-03-20 10:00:00")
        frozen.start()
        self.addCleanup(frozen.stop)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dex.partner.identifier"].create(
            {"partner_id": cls.clients[2].id, "type_id": cls.id_type.id, "name": "CL-2"}
        )
        # clients known to DEX long before the (frozen) test day
        cls.clients.dex_identifier_ids.date_start = "2020-01-01"
        nsw = cls.env.ref("base.state_au_2")
        names = [("Margaret", "Nguyen"), ("Bill", "Oconnor"), ("Aroha", "Williams")]
        for index, client in enumerate(cls.clients):
            client.write(
                {
                    "dex_given_name": names[index][0],
                    "dex_family_name": names[index][1],
                    "dex_birth_date": date(1950 + index, 5, 17),
                    "city": "Parramatta",
                    "state_id": nsw.id,
                    "zip": "2150",
                    "country_id": cls.env.ref("base.au").id,
                }
            )
        cls.env["dex.partner.consent"].create(
            {
                "partner_id": cls.clients[0].id,
                "consent_type": "details",
                "date_start": "2026-01-01",
                "company_id": cls.env.company.id,
            }
        )

    def _completed_session(self, **overrides):
        session = self._session(**overrides)
        session.action_mark_all_attended()
        session.action_complete()
        return session

    def _extract(self, **vals):
        return self.env["dex.extract"].create(
            {"outlet_activity_ids": [(6, 0, self.outlet.ids)], "period": "2026-01-01"}
            | vals
        )

    def _file(self, extract):
        """The content of the extract's last written file."""
        files = extract.current_file_ids.sorted(lambda f: (f.upload, f.part))
        self.assertTrue(files, "no file was written")
        return files[-1].attachment_id.raw

    def _ids(self, content):
        tree = etree.fromstring(content)
        return (
            sorted(tree.xpath("//Case/CaseId/text()")),
            sorted(tree.xpath("//Session/SessionId/text()")),
        )


class TestExtract(ExtractCase):
    @users("dex_manager")
    def test_extract_gives_a_file_the_validators_accept(self):
        session = self._completed_session()
        extract = self._extract()
        self.assertEqual(extract.period_close_date, date(2026, 7, 30))
        self.assertEqual(extract.period_days_left, 132)
        extract.action_collect()
        self.assertEqual(extract.delivery_count, 5)
        self.assertEqual(extract.error_count, 0, extract.finding_ids.mapped("message"))
        action = extract.action_download()
        # downloaded by the web client, which then reloads the form
        self.assertEqual(action["tag"], "group_dex_sessions.download_files")
        attachment = extract.current_file_ids.attachment_id
        self.assertEqual(
            action["params"]["url"], f"/web/content/{attachment.id}?download=true"
        )
        self.assertEqual(extract.state, "done")
        self.assertEqual(set(session.delivery_ids.mapped("state")), {"extracted"})
        content = self._file(extract)
        self.assertTrue(content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'))
        document = reader.read_bytes(content)
        self.assertEqual(len(document.clients), 3)
        self.assertEqual(len(document.cases), 1)
        # one DEX session per session and service type (both services are one type)
        self.assertEqual(len(document.sessions), 1)
        dex_session = document.sessions[0]
        self.assertEqual(dex_session.session_date, date(2026, 3, 3))
        self.assertEqual(dex_session.service_type_id, 9063)
        self.assertEqual(dex_session.service_setting_code, "ORGOUTLETOFFICE")
        self.assertEqual(dex_session.time_minutes, 90)
        self.assertEqual(str(dex_session.fees_charged), "22.50", "3 clients x 7.50")
        self.assertEqual(dex_session.extra_items, ("GRABRAILS",))
        self.assertEqual(
            [sc.client_id for sc in dex_session.session_clients],
            ["CL-0", "CL-1", "CL-2"],
        )
        self.assertEqual(document.cases[0].outlet_activity_id, 98765)
        findings = validator.validate_document(document, submitted=date(2026, 3, 20))
        self.assertFalse(validator.has_errors(findings), findings)
        self.assertFalse(schema.schema_errors(etree.fromstring(content)))
        # without the elements DSS added after 2015, the 2015 schema accepts it too
        tree = etree.fromstring(content)
        for element in tree.xpath("|".join(f"//{tag}" for tag in NEWER_ELEMENTS)):
            element.getparent().remove(element)
        dss = schema.dss_2015_schema()
        self.assertTrue(dss.validate(tree), dss.error_log)
        # and the report action renders the same file
        report = self.env["ir.actions.report"]._render_qweb_text(
            "group_dex_sessions.dex_extract_report_xml", extract.ids
        )[0]
        self.assertEqual(report.strip(), content.strip())

    @users("dex_manager")
    def test_names_and_street_only_with_consent_slk_always(self):
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        tree = etree.fromstring(extract._render_dex_xml().encode())
        clients = {c.findtext("ClientId"): c for c in tree.iter("Client")}
        consenting, private = clients["CL-0"], clients["CL-1"]
        self.assertEqual(consenting.findtext("ConsentToProvideDetails"), "true")
        self.assertTrue(consenting.findtext("GivenName"))
        self.assertEqual(private.findtext("ConsentToProvideDetails"), "false")
        self.assertIsNone(private.find("GivenName"))
        self.assertIsNone(private.find("FamilyName"))
        self.assertIsNone(private.find("ResidentialAddress/AddressLine1"))
        for client in (consenting, private):
            self.assertRegex(client.findtext("Slk"), r"^[A-Z29]{5}\d{8}[1239]$")

    @users("dex_manager")
    def test_ids_are_stable_across_extracts_and_amendments(self):
        self._completed_session()
        first = self._extract()
        first.action_collect()
        first.action_download()
        case_ids, session_ids = self._ids(self._file(first))
        # an amendment re-exports with the same IDs; the first file stays, replaced
        first.action_amend()
        self.assertEqual(first.state, "collected")
        self.assertEqual(first.delivery_count, 5, "the same five, counted once")
        first.action_download()
        self.assertEqual(first.delivery_count, 5)
        self.assertEqual(self._ids(self._file(first)), (case_ids, session_ids))
        replaced = first.file_ids.filtered(lambda f: f.state == "replaced")
        self.assertEqual(len(replaced), 1)
        self.assertTrue(replaced.replaced_on)
        self.assertNotIn("superseded", " ".join(first.file_ids.mapped("name")))
        stem = first.name.replace("/", "-")
        self.assertEqual(
            sorted(first.file_ids.mapped("name")),
            [f"{stem}_file-1_2026-03-20.xml", f"{stem}_file-2_2026-03-20.xml"],
            "named by download and dated",
        )
        # a later session of another case gets new IDs; the old ones never return
        self._completed_session(
            start=datetime(2026, 3, 10, 9, 0), stop=datetime(2026, 3, 10, 11, 0)
        )
        second = self._extract()
        second.action_collect()
        self.assertEqual(second.delivery_count, 5, "the first five went already")
        second.action_download()
        new_cases, new_sessions = self._ids(self._file(second))
        self.assertFalse(set(new_sessions) & set(session_ids))
        self.assertFalse(set(new_cases) & set(case_ids))
        for dex_id in new_cases + new_sessions + case_ids:
            self.assertRegex(dex_id, r"^(CASE|SES)\d+$", "no personal information")

    @users("dex_manager")
    def test_records_another_extract_holds_are_named_not_taken(self):
        """Records an amendment set back stay with their extract: another
        extract of the period does not send them, and says which holds them."""
        self._completed_session()
        first = self._extract()
        first.action_collect()
        first.action_download()
        first.action_amend()
        other = self._extract()
        other.action_collect()
        self.assertEqual(other.staged_record_count, 0)
        finding = other.finding_ids.filtered(lambda f: f.rule == "held-elsewhere")
        self.assertEqual(finding.level, "warning")
        self.assertEqual(finding.affected_count, 5)
        self.assertEqual(finding.record, first.name)
        self.assertEqual(finding.res_ref, first, "a link to the extract holding them")
        self.assertFalse(
            first.finding_ids.filtered(lambda f: f.rule == "held-elsewhere"),
            "an extract does not point at itself",
        )

    @users("dex_manager")
    def test_what_an_extract_collected_is_its_own_until_it_is_deleted(self):
        """Two extracts of one period never both send a record: the second
        says which extract collected it, and gets it once that one is deleted."""
        session = self._completed_session()
        ready = session.delivery_ids.filtered(lambda sd: sd.state == "ready")
        self.assertEqual(len(ready), 5)
        first = self._extract()
        first.action_collect()
        self.assertEqual(first.staged_record_count, 5)
        self.assertEqual(
            self.env["dex.service.delivery"].search(
                first.action_view_deliveries()["domain"]
            ),
            ready,
            "its records list shows what it collected",
        )
        other = self._extract()
        other.action_collect()
        self.assertEqual(other.staged_record_count, 0)
        finding = other.finding_ids.filtered(lambda f: f.rule == "held-elsewhere")
        self.assertEqual(finding.affected_count, 5)
        self.assertEqual(finding.res_ref, first)
        self.assertIn("records it collected", finding.message)
        with self.assertRefused(UserError, "nothing to write"):
            other.action_download_valid()
        first.unlink()
        other.action_collect()
        self.assertEqual(other.staged_record_count, 5)
        other.action_download()
        self.assertEqual(set(ready.mapped("state")), {"extracted"})
        self.assertEqual(ready.extract_id, other)

    @users("dex_manager")
    def test_extracted_sessions_are_locked_until_reopened(self):
        session = self._completed_session()
        extract = self._extract()
        extract.action_collect()
        extract.action_download()
        with self.assertRefused(UserError, "already went to DEX"):
            session.service_setting_id = self.env.ref(
                "group_dex_sessions.dex_service_setting_tele"
            )
        session._reopen_for_correction("wrong setting")
        session.service_setting_id = self.env.ref(
            "group_dex_sessions.dex_service_setting_tele"
        )
        self.assertEqual(session.state, "correction")

    @users("dex_manager")
    def test_errors_block_the_file_and_link_to_what_to_fix(self):
        session = self._completed_session()
        self.clients[1].sudo().dex_birth_date = False
        extract = self._extract()
        extract.action_collect()
        self.assertTrue(extract.error_count)
        errors = extract.finding_ids.filtered(lambda f: f.level == "error")
        about_client = errors.filtered(lambda f: f.res_ref == self.clients[1])
        self.assertIn("birth date", about_client.message.lower())
        with self.assertRefused(UserError, "would make DSS reject records"):
            extract.action_download()
        self.assertEqual(set(session.delivery_ids.mapped("state")), {"ready"})
        self.clients[1].sudo().dex_birth_date = date(1951, 5, 17)
        extract.action_validate()
        self.assertEqual(extract.error_count, 0)

    @users("dex_manager")
    def test_closed_period_is_flagged_and_the_period_decides_what_is_collected(self):
        session = self._completed_session()
        with freeze_time("2026-08-15"):
            extract = self._extract()
            self.assertTrue(extract.period_closed)
            extract.action_collect()
            errors = extract.finding_ids.filtered(lambda f: f.level == "error")
            self.assertIn("closed on 2026-07-30", " ".join(errors.mapped("message")))
            self.assertEqual(errors.res_ref, session)
            extract.unlink()  # gives its records back
        extract = self._extract(
            period="custom", date_from="2026-03-01", date_to="2026-03-31"
        )
        extract.action_collect()
        self.assertEqual(extract.delivery_count, 5)
        # the period decides what is collected: narrowed, the session is out
        extract.date_to = "2026-03-02"
        with self.assertRefused(UserError, "submission date, outlet activities or"):
            extract.action_download()
        extract.action_validate()
        self.assertEqual(extract.delivery_count, 0)
        self.assertFalse(
            session.delivery_ids.extract_id,
            "given back, for the extract of their period",
        )
        with self.assertRefused(UserError, "There is nothing to write"):
            extract.action_download()

    @users("dex_manager")
    def test_large_extracts_split_into_self_contained_files(self):
        for day in range(4, 9):
            self._completed_session(
                start=datetime(2026, 3, day, 9, 0), stop=datetime(2026, 3, day, 11, 0)
            )
        extract = self._extract(max_file_bytes=4000)
        extract.action_collect()
        extract.action_download()
        files = extract.current_file_ids
        self.assertGreater(len(files), 1, files.mapped("name"))
        self.assertIn(f"_part-1-of-{len(files)}_", files.sorted("part")[0].name)
        seen_sessions = []
        for file in files:
            self.assertLessEqual(len(file.attachment_id.raw), 4000)
            document = reader.read_bytes(file.attachment_id.raw)
            findings = validator.validate_document(
                document, submitted=date(2026, 3, 20)
            )
            self.assertFalse(validator.has_errors(findings), findings)
            seen_sessions += [s.session_id for s in document.sessions]
        self.assertEqual(len(seen_sessions), len(set(seen_sessions)))
        self.assertEqual(len(seen_sessions), 5)

    @users("dex_manager")
    def test_writing_the_file_marks_its_records_in_place(self):
        """Marking the records a file sends rewrites each row on its own page
        (a HOT update) and adds no index entry: what keeps writing a file of
        years of data fast (benchmarks/bench_extract.py)."""
        sessions = self.env["dex.session"]
        for day in (4, 5):
            sessions |= self._completed_session(
                start=datetime(2026, 3, day, 9, 0), stop=datetime(2026, 3, day, 11, 0)
            )
        ready = sessions.delivery_ids.filtered(lambda sd: sd.state == "ready")
        # a record written by SQL (an import) leaves held_back unset, not false
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dex_service_delivery SET held_back = NULL WHERE id = %s",
            [ready[0].id],
        )
        # records the scheduled action wrote, as it does for completed sessions
        self.env.cr.execute(
            "UPDATE dex_service_delivery SET write_uid = %s WHERE id = ANY(%s)",
            [SUPERUSER_ID, ready.ids],
        )
        ready.invalidate_recordset(["held_back", "write_uid"])
        extract = self._extract()
        extract.action_collect()
        before = self._sd_updates()
        extract.action_download()
        self.env.flush_all()
        updated, in_place = (
            a - b for a, b in zip(self._sd_updates(), before, strict=True)
        )
        self.assertEqual(set(ready.mapped("state")), {"extracted"})
        self.assertEqual(ready.extract_id, extract)
        # who wrote the file is on the file: the records keep their writer,
        # which would cost a foreign-key check per record to change
        ready.invalidate_recordset(["write_uid"])
        self.assertEqual(ready.write_uid.id, SUPERUSER_ID)
        self.assertEqual(extract.current_file_ids.written_by_id, self.dex_manager)
        self.assertEqual(updated, len(ready), "one update per record sent")
        self.assertEqual(in_place, updated, "every one of them in place")

    @users("dex_manager")
    def test_the_file_a_manager_writes_is_kept_as_xml_not_indexed_text(self):
        """Odoo stores an XML file that a user without technical rights
        uploads as plain text, and copies every printable run of a text file
        into the database to search it. The DEX file is written by the addon,
        not uploaded: it stays XML, and its personal details are not copied."""
        self.assertFalse(self.env.user.has_group("base.group_system"))
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        extract.action_download()
        attachment = extract.current_file_ids.attachment_id
        self.assertEqual(attachment.mimetype, "application/xml")
        self.assertEqual(attachment.company_id, extract.company_id)
        self.assertIn(b"<DEXFileUpload", attachment.raw)
        # Odoo indexes an attachment's text only when its type is text/...
        self.assertNotIn("DEXFileUpload", attachment.sudo().index_content or "")

    def test_updating_the_addon_clears_the_text_copy_of_earlier_files(self):
        """A file a manager wrote before, kept as text with its text indexed,
        is put right when the addon is updated (the model's init)."""
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        extract.action_download()
        attachment = extract.current_file_ids.attachment_id
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET mimetype = 'text/plain', "
            "index_content = 'DEXFileUpload Pat Client' WHERE id = %s",
            [attachment.id],
        )
        self.env["dex.extract.file"].init()
        attachment.invalidate_recordset(["mimetype", "index_content"])
        self.assertEqual(attachment.mimetype, "application/xml")
        self.assertNotIn("DEXFileUpload", attachment.index_content or "")

    def _sent_with_strategy(self, strategy):
        """The file of one completed session, with cases made by ``strategy``."""
        self.env.company.sudo().dex_case_strategy = strategy
        session = self._completed_session()
        extract = self._extract()
        extract.action_collect()
        self.assertEqual(extract.error_count, 0, extract.finding_ids.mapped("message"))
        extract.action_download()
        return session, reader.read_bytes(self._file(extract))

    @users("dex_manager")
    def test_a_case_per_client_holds_that_client_and_their_sessions(self):
        session, document = self._sent_with_strategy("client")
        sent = sorted(set(session.delivery_ids.mapped("dex_client_id")))
        members = {
            case.case_id: [cc.client_id for cc in case.case_clients]
            for case in document.cases
        }
        self.assertEqual(sorted(m for [m] in members.values()), sent)
        # both services are one service type: one DEX session per client
        self.assertEqual(len(document.sessions), len(sent))
        for dex_session in document.sessions:
            attendees = [sc.client_id for sc in dex_session.session_clients]
            self.assertEqual(attendees, members[dex_session.case_id])

    @users("dex_manager")
    def test_a_case_per_service_holds_the_clients_of_that_service(self):
        session, document = self._sent_with_strategy("service")
        records = session.delivery_ids
        by_service = {
            service: sorted(
                records.filtered(lambda sd, s=service: sd.service_id == s).mapped(
                    "dex_client_id"
                )
            )
            for service in records.service_id
        }
        self.assertEqual(len(by_service), 2, "two services, two cases")
        self.assertEqual(
            sorted(
                sorted(cc.client_id for cc in case.case_clients)
                for case in document.cases
            ),
            sorted(by_service.values()),
        )
        self.assertEqual(
            sorted(
                sorted(sc.client_id for sc in s.session_clients)
                for s in document.sessions
            ),
            sorted(by_service.values()),
        )

    def test_keys_and_ids_reach_postgresql_unchanged(self):
        """The extract sends its keys and ids as array literals: a key changed
        on the way would be issued a second DEX ID."""
        keys = ["series:7:session-12", 'a"b', "back\\slash", "x,y", "{z}", " sp "]
        keys += ["O'Neil", "NULL", ""]
        self.env.cr.execute(
            "SELECT %s::varchar[], %s::int[]",
            [pg_text_array(keys), pg_int_array([3, 1, 2])],
        )
        self.assertEqual(self.env.cr.fetchone(), (keys, [3, 1, 2]))

    def test_an_id_another_file_issues_meanwhile_is_the_one_sent(self):
        """The IDs a file needs are drawn before they are stored, while the file
        is written: if another file stores an ID for one of its keys in between,
        that ID stands and the file is written again with it."""
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        Keys = self.env["dex.extract.key"]
        plan = type(Keys)._plan_dex_ids
        taken = {}

        def plan_then_another_file_issues_one(keys_model, kind, keys, company):
            ids, new = plan(keys_model, kind, keys, company)
            if kind == "session" and new:
                key = next(iter(new))
                taken[key] = "SES9999999"
                self.env.cr.execute(
                    "INSERT INTO dex_extract_key (company_id, kind, key, dex_id) "
                    "VALUES (%s, 'session', %s, %s)",
                    [company.id, key, taken[key]],
                )
            return ids, new

        self.patch(type(Keys), "_plan_dex_ids", plan_then_another_file_issues_one)
        extract.action_download()
        self.assertTrue(taken, "the test's other file issued an ID")
        _cases, sessions = self._ids(self._file(extract))
        self.assertEqual(sessions, ["SES9999999"], "the ID stored first is sent")
        stored = Keys._find_dex_ids("session", list(taken), self.env.company)
        self.assertEqual(stored, taken)
        self.assertEqual(extract.state, "done")

    def _sd_updates(self):
        """(rows updated, of which in place) in this transaction, SD table."""
        self.env.cr.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
            "WHERE relname = 'dex_service_delivery'"
        )
        return self.env.cr.fetchone() or (0, 0)


class TestExtractInBackground(ExtractCase):
    @users("dex_manager")
    def test_a_large_download_is_queued_and_the_form_shows_it(self):
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        with patch.object(dex_extract_files, "BACKGROUND_THRESHOLD", 0):
            action = extract.action_download()
        self.assertEqual(extract.state, "queued")
        self.assertFalse(extract.file_ids)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("prepared in the background", action["params"]["message"])
        # then the form reloads, showing the progress instead of Download
        self.assertEqual(
            action["params"]["next"], {"type": "ir.actions.act_window_close"}
        )
        self.env["dex.extract"].sudo()._cron_prepare_extracts()
        self.assertEqual(extract.state, "done")

    def test_queued_extract_is_prepared_by_the_scheduled_action(self):
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        extract.state = "queued"  # what Download does above BACKGROUND_THRESHOLD
        self.env["dex.extract"]._cron_prepare_extracts()
        self.assertEqual(extract.state, "done")
        self.assertEqual(extract.progress, 100)
        self.assertEqual(len(extract.current_file_ids), 1)

    def test_collecting_gives_the_garbage_collector_back_however_it_ends(self):
        """Collect builds its records with Python's cyclic collector paused
        (models/python_gc.py); a server left without it would keep every
        reference cycle of every later request."""
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        self.assertEqual(extract.state, "collected")
        self.assertTrue(gc.isenabled())
        with self.assertRaises(ZeroDivisionError), paused_cyclic_gc():
            self.assertFalse(gc.isenabled())
            _ = 1 / 0  # an error while building
        self.assertTrue(gc.isenabled())
        gc.disable()  # a process that runs without it keeps running without it
        try:
            with paused_cyclic_gc():
                pass
            self.assertFalse(gc.isenabled())
        finally:
            gc.enable()

    def test_a_failing_queued_extract_goes_back_with_the_reason(self):
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        self.clients[0].dex_birth_date = False
        extract.state = "queued"
        self.env["dex.extract"]._cron_prepare_extracts()
        self.assertEqual(extract.state, "collected")
        self.assertIn("Validate the extract again", extract.progress_note)
        self.assertIn("a client's details changed", extract.progress_note)


class TestExtractAccess(ExtractCase):
    @users("dex_user")
    def test_only_managers_extract(self):
        with self.assertRaises(AccessError):
            self._extract()

    def test_other_companies_records_never_appear(self):
        self._completed_session()
        outlet = self.env["dex.outlet.activity"].create(
            {"code": "98765", "name": "Other hub", "company_id": self.other_company.id}
        )
        extract = (
            self.env["dex.extract"]
            .with_company(self.other_company)
            .create(
                {
                    "company_id": self.other_company.id,
                    "outlet_activity_ids": [(6, 0, outlet.ids)],
                    "period": "2026-01-01",
                }
            )
        )
        extract.action_collect()
        self.assertEqual(extract.delivery_count, 0)
