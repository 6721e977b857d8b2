from datetime import date, datetime

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, users

from .test_extract import ExtractCase


class TestExtractCorrections(ExtractCase):
    """What comes after the first upload: corrections, late data, consent changes."""

    def _client_element(self, content, client_id):
        tree = etree.fromstring(content)
        return next(
            c for c in tree.iter("Client") if c.findtext("ClientId") == client_id
        )

    def _session_element(self, content):
        (session,) = etree.fromstring(content).iter("Session")
        return session

    def _sent(self, **vals):
        extract = self._extract(**vals)
        extract.action_collect()
        self.assertEqual(extract.error_count, 0, extract.finding_ids.mapped("message"))
        extract.action_download()
        return extract

    @users("dex_manager")
    def test_withdrawn_consent_is_honoured_for_earlier_and_later_sessions(self):
        consent = self.env["dex.partner.consent"].search(
            [("partner_id", "=", self.clients[0].id)]
        )
        self._completed_session()  # 3 March, while the client consented
        later = {"start": datetime(2026, 3, 18, 9), "stop": datetime(2026, 3, 18, 11)}
        self._completed_session(**later)  # 18 March, after the withdrawal
        consent.date_end = date(2026, 3, 10)
        for day_from, day_to in (
            ("2026-03-01", "2026-03-05"),
            ("2026-03-15", "2026-03-19"),
        ):
            extract = self._sent(period="custom", date_from=day_from, date_to=day_to)
            client = self._client_element(self._file(extract), "CL-0")
            self.assertEqual(client.findtext("ConsentToProvideDetails"), "false")
            self.assertIsNone(client.find("GivenName"))
            self.assertIsNone(client.find("FamilyName"))
            self.assertIsNone(client.find("ResidentialAddress/AddressLine1"))
            self.assertTrue(client.findtext("Slk"))

    @users("dex_manager")
    def test_consent_changed_after_validation_must_be_validated_again(self):
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        self.env["dex.partner.consent"].search(
            [("partner_id", "=", self.clients[0].id)]
        ).date_end = date(2026, 3, 19)
        with self.assertRefused(UserError, "a client's consent changed"):
            extract.action_download()
        extract.action_validate()
        extract.action_download()
        client = self._client_element(self._file(extract), "CL-0")
        self.assertEqual(client.findtext("ConsentToProvideDetails"), "false")

    def test_a_correction_after_the_extract_reaches_dss_with_the_same_ids(self):
        session = self._completed_session()
        first = self._sent()
        case_ids, session_ids = self._ids(self._file(first))
        self.assertEqual(
            self._session_element(self._file(first)).findtext("TimeMinutes"), "90"
        )
        # the manager reopens the session from the extract, in one step
        action = first.with_user(self.dex_manager).action_correct_sessions()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.dex_manager)
            .with_context(**action["context"])
        )
        wizard.session_ids.add(session)
        wizard.reason = "Time Minutes were 90, should be 75"
        wizard.save().action_reopen()
        self.assertEqual(session.state, "correction")
        self.assertEqual(first.corrected_session_ids, session)
        voided = first.delivery_ids.filtered(lambda sd: sd.state == "void")
        self.assertEqual(len(voided), 5, "the history of what DSS received stays")
        self.assertEqual(set(voided.mapped("void_reason")), {wizard.reason})
        # the DEX user corrects and completes it again
        as_user = session.with_user(self.dex_user)
        as_user.service_ids[0].time_minutes = 75
        as_user.action_complete()
        second = self._sent()
        self.assertEqual(self._ids(self._file(second)), (case_ids, session_ids))
        self.assertEqual(
            self._session_element(self._file(second)).findtext("TimeMinutes"), "75"
        )
        self.assertEqual(len(first.current_file_ids), 1, "the first file is kept")

    def test_amending_the_extract_after_a_correction_replaces_its_file(self):
        session = self._completed_session()
        extract = self._sent()
        ids = self._ids(self._file(extract))
        session.with_user(self.dex_manager)._reopen_for_correction("minutes")
        session.service_ids[0].time_minutes = 60
        session.action_complete()
        extract.action_amend()
        extract.action_collect()  # takes the corrected records back in
        extract.action_download()
        self.assertEqual(self._ids(self._file(extract)), ids)
        self.assertEqual(
            self._session_element(self._file(extract)).findtext("TimeMinutes"), "60"
        )
        self.assertEqual(extract.file_ids.mapped("state"), ["replaced", "current"])

    def test_the_refusal_reads_the_same_for_a_dex_user_and_a_manager(self):
        session = self._completed_session()
        extract = self._sent()
        for user in (self.dex_user, self.dex_manager):
            message = f"already went to DEX \\(extract {extract.name}\\)"
            with self.assertRefused(UserError, message):
                session.with_user(user).service_ids[0].time_minutes = 75
            with self.assertRefused(UserError, message):
                session.with_user(user).attendance_ids[0].write(
                    {"state": "absent", "reason": "Sick"}
                )

    @users("dex_user")
    def test_a_session_completes_only_once_it_has_ended(self):
        ahead = {"start": datetime(2026, 4, 3, 9), "stop": datetime(2026, 4, 3, 11)}
        session = self._session(**ahead)
        session.action_mark_all_attended()
        with self.assertRefused(UserError, "it has not ended yet"):
            session.action_complete()
        self.assertFalse(session.delivery_ids)

    @users("dex_manager")
    def test_a_session_after_the_submission_date_is_an_error(self):
        self._completed_session(
            start=datetime(2026, 3, 18, 9), stop=datetime(2026, 3, 18, 11)
        )
        extract = self._extract(submission_date="2026-03-15")
        extract.action_collect()
        error = extract.finding_ids.filtered(lambda f: f.level == "error")
        self.assertEqual(error.rule, "future-session")
        self.assertIn("after the submission date 2026-03-15", error.message)
        with self.assertRefused(UserError, "would make DSS reject records"):
            extract.action_download()
        with self.assertRefused(UserError, "There is nothing to write"):
            extract.action_download_valid()
        # uploading on the 20th instead: the same records go
        extract.submission_date = "2026-03-20"
        extract.action_validate()
        self.assertEqual(extract.error_count, 0)

    @users("dex_manager")
    def test_the_submission_date_decides_whether_the_period_is_closed(self):
        self._completed_session()  # 3 March: the period closes on 30 July
        extract = self._extract(submission_date="2026-07-30")
        self.assertFalse(extract.period_closed)
        self.assertEqual(extract.period_days_left, 0)
        extract.action_collect()
        self.assertEqual(extract.error_count, 0)
        extract.submission_date = "2026-07-31"
        self.assertTrue(extract.period_closed)
        with self.assertRefused(UserError, "submission date, outlet activities"):
            extract.action_download()
        extract.action_validate()
        self.assertIn("closed on 2026-07-30", extract.finding_ids.message)

    def test_a_service_type_the_outlet_activity_does_not_allow_is_refused(self):
        other = self.env["dex.service.type"].create({"code": "9064", "name": "Other"})
        self.outlet.service_type_ids = other
        with self.assertRefused(ValidationError, "is not allowed for the outlet"):
            self._session()
        wizard = self.env["dex.session.create"].create(self._wizard_vals())
        with self.assertRefused(UserError, "is not allowed for the outlet activity"):
            wizard.action_save()
        # a record made before the outlet activity changed is flagged at extract
        self.outlet.service_type_ids = False
        self._completed_session()
        self.outlet.service_type_ids = other
        extract = self._extract()
        extract.action_collect()
        error = extract.finding_ids.filtered(lambda f: f.level == "error")
        self.assertEqual(error.rule, "service-type-not-allowed")
        self.assertIn("ServiceTypeId 9063", error.message)

    def test_clients_without_a_dex_client_id_are_listed_and_counted_on_request(self):
        newcomer = self.env["res.partner"].sudo().create({"name": "New Comer"})
        clients = self.clients | newcomer
        for counted in (False, True):
            self.env.company.dex_count_unidentified_clients = counted
            session = self._completed_session(clients=clients)
            extract = self._extract()
            extract.action_collect()
            warning = extract.finding_ids.filtered(lambda f: f.rule == "no-client-id")
            self.assertEqual(warning.res_ref, newcomer)
            self.assertIn("without a DEX Client ID", warning.message)
            self.assertEqual(extract.error_count, 0)
            extract.action_download()
            element = self._session_element(self._file(extract))
            self.assertEqual(
                element.findtext("TotalNumberOfUnidentifiedClients"),
                "1" if counted else "0",
            )
            self.assertTrue(session.delivery_ids)

    @users("dex_manager")
    def test_a_preview_issues_no_id(self):
        self._completed_session()
        extract = self._extract()
        extract.action_collect()
        keys = self.env["dex.extract.key"].sudo()
        self.assertFalse(keys.search_count([]))
        preview = self.env["ir.actions.report"]._render_qweb_text(
            "group_dex_sessions.dex_extract_report_xml", extract.ids
        )[0]
        self.assertEqual(self._ids(preview), (["_1"], ["_2"]))
        self.assertFalse(keys.search_count([]), "a preview issues none")
        extract.action_download()
        self.assertEqual(keys.search_count([]), 2)

    @users("dex_manager")
    def test_download_what_is_valid_holds_back_only_what_an_error_affects(self):
        self._completed_session()
        self._completed_session(
            start=datetime(2026, 3, 10, 9), stop=datetime(2026, 3, 10, 11)
        )
        self.clients[1].dex_birth_date = False
        extract = self._extract()
        extract.action_collect()
        errors = extract.finding_ids.filtered(lambda f: f.level == "error")
        self.assertEqual(len(errors), 1, "one root cause, once")
        self.assertEqual(errors.res_ref, self.clients[1])
        self.assertIn("birth date", errors.message)
        self.assertEqual(extract.held_back_count, 4, "client 1, 2 services x 2")
        with self.assertRefused(UserError, "or choose Download What Is Valid"):
            extract.action_download()
        extract.action_download_valid()
        self.assertEqual(extract.state, "partial")
        self.assertEqual(extract.held_back_count, 4)
        tree = etree.fromstring(self._file(extract))
        self.assertEqual(
            sorted(tree.xpath("//Client/ClientId/text()")), ["CL-0", "CL-2"]
        )
        ids = self._ids(self._file(extract))
        # once fixed, the next download sends the sessions whole, same IDs
        self.clients[1].dex_birth_date = date(1951, 5, 17)
        extract.action_validate()
        self.assertEqual(extract.error_count, 0)
        extract.action_download()
        self.assertEqual(extract.state, "done")
        self.assertEqual(self._ids(self._file(extract)), ids)
        tree = etree.fromstring(self._file(extract))
        for session in tree.iter("Session"):
            self.assertEqual(
                session.xpath("SessionClients/SessionClient/ClientId/text()"),
                ["CL-0", "CL-1", "CL-2"],
            )
        self.assertEqual(len(extract.current_file_ids), 2, "both uploads stay current")

    @users("dex_manager")
    def test_a_value_dex_cannot_hold_is_found_and_holds_back_only_its_client(self):
        session = self._completed_session()  # 3 March
        self.clients[1:].write({"city": "Parra\x07matta"})
        # born after the session, as entered: a rule holds her back as well
        self.clients[2].dex_birth_date = date(2026, 3, 10)
        extract = self._extract()
        extract.action_collect()
        errors = extract.finding_ids.filtered(lambda f: f.level == "error")
        values = errors.filtered(lambda f: f.rule == "value")
        # one cause, found in both clients: the held-back one's as well, so
        # that every problem of a record shows at once
        self.assertEqual(len(values), 1)
        self.assertEqual(values.affected_count, 2)
        self.assertEqual(values.res_ref, self.clients[1])
        self.assertEqual(values.path, "Client/ResidentialAddress/Suburb")
        self.assertIn("U+0007, which XML does not allow", values.message)
        personal = errors - values
        self.assertEqual(personal.mapped("rule"), ["birth-after-session"])
        self.assertEqual(personal.res_ref, self.clients[2])
        theirs = session.delivery_ids.filtered(
            lambda d: d.partner_id in self.clients[1:]
        )
        self.assertEqual(extract.held_back_count, len(theirs))
        self.assertEqual(extract.delivery_count, len(session.delivery_ids))
        # the chatter says what was collected, held back ones included
        self.assertIn(
            f"{len(session.delivery_ids)} service delivered records collected",
            extract.message_ids[0].body,
        )
        extract.action_download_valid()
        tree = etree.fromstring(self._file(extract))
        self.assertEqual(tree.xpath("//Client/ClientId/text()"), ["CL-0"])
        self.assertEqual(tree.xpath("//SessionClient/ClientId/text()"), ["CL-0"])
        self.assertEqual(extract.state, "partial")
        self.assertIn(
            f"{len(theirs)} records in error are held back",
            extract.message_ids[0].body,
        )

    @users("dex_manager")
    def test_one_cause_is_reported_once_with_the_records_it_affects(self):
        for day in (4, 5, 6):
            self._completed_session(
                start=datetime(2026, 3, day, 9), stop=datetime(2026, 3, day, 11)
            )
        extract = self._extract(submission_date="2026-03-05")
        extract.action_collect()
        future = extract.finding_ids.filtered(lambda f: f.rule == "future-session")
        self.assertEqual(len(future), 1)
        self.assertEqual(future.affected_count, 1)  # only the 6th
        self.clients[1].dex_birth_date = False
        extract.submission_date = "2026-03-20"
        extract.action_validate()
        errors = extract.finding_ids.filtered(lambda f: f.level == "error")
        self.assertEqual(len(errors), 1, errors.mapped("message"))
        self.assertEqual(errors.rule, "client-data")

    @users("dex_manager")
    def test_a_client_id_given_late_resends_the_whole_session(self):
        newcomer = self.env["res.partner"].sudo().create({"name": "Late Comer"})
        newcomer.write(
            {
                "dex_birth_date": date(1960, 2, 2),
                "city": "Parramatta",
                "state_id": self.env.ref("base.state_au_2").id,
                "zip": "2150",
            }
        )
        self._completed_session(clients=self.clients | newcomer)
        first = self._sent()
        _cases, sessions = self._ids(self._file(first))
        self.env["dex.partner.identifier"].create(
            {"partner_id": newcomer.id, "type_id": self.id_type.id, "name": "CL-9"}
        )
        second = self._sent()
        self.assertEqual(self._ids(self._file(second))[1], sessions)
        element = self._session_element(self._file(second))
        self.assertEqual(
            element.xpath("SessionClients/SessionClient/ClientId/text()"),
            ["CL-0", "CL-1", "CL-2", "CL-9"],
            "DSS keeps every client of the session",
        )
