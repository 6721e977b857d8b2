from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from odoo.addons.group_dex_sessions.core import reader, schema

from .test_extract import ExtractCase


class ScoreCase(ExtractCase):
    """The SCORE codes, and a session with Community SCORE and client SCORE."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.pre = ref("group_dex_sessions.dex_code_assessmentphasecode_pre")
        cls.post = ref("group_dex_sessions.dex_code_assessmentphasecode_post")
        cls.groupskills = ref("group_dex_sessions.dex_score_domain_groupskills")
        cls.orgskills = ref("group_dex_sessions.dex_score_domain_orgskills")
        cls.housing = ref("group_dex_sessions.dex_score_domain_housing")
        cls.listened = ref("group_dex_sessions.dex_score_domain_servicelistened")

    def _score(self, domain, score):
        return self.env["dex.score.code"].search(
            [("domain_id", "=", domain.id), ("score", "=", score)]
        )

    def _record_group_score(self, session, *scores):
        """Community SCORE through the session form's SCORE tab."""
        with Form(session) as form:
            for phase, domain, score in scores:
                with form.group_assessment_ids.new() as line:
                    line.phase_id = phase
                    line.domain_id = domain
                    line.score_code_id = self._score(domain, score)

    def _record_client_score(self, session, client, *scores):
        """Client SCORE through the attendance line's SCORE dialog."""
        attendance = session.attendance_ids.filtered(lambda a: a.partner_id == client)
        action = attendance.action_record_score()
        self.assertEqual(
            (action["res_model"], action["res_id"], action["target"]),
            ("dex.session.attendance", attendance.id, "new"),
        )
        view = self.env["ir.ui.view"].browse(action["views"][0][0])
        with Form(attendance, view=view) as form:
            for phase, domain, score in scores:
                with form.assessment_ids.new() as line:
                    line.phase_id = phase
                    line.domain_id = domain
                    line.score_code_id = self._score(domain, score)

    def _scored_session(self, clients=None):
        session = self._session(clients=clients).with_user(self.dex_user)
        session.action_mark_all_attended()
        self._record_group_score(
            session,
            (self.pre, self.groupskills, 2),
            (self.pre, self.orgskills, 1),
            (self.post, self.groupskills, 4),
        )
        self._record_client_score(
            session,
            self.clients[0],
            (self.pre, self.housing, 2),
            (self.post, self.listened, 5),
        )
        return session

    def _sent_file(self):
        extract = self._extract().with_user(self.dex_manager)
        extract.action_collect()
        self.assertEqual(extract.error_count, 0, extract.finding_ids.mapped("message"))
        extract.action_download()
        return self._file(extract)


class TestScore(ScoreCase):
    """Community SCORE and client SCORE: recorded, snapshotted, sent, corrected."""

    def test_a_dex_user_records_community_and_client_score(self):
        session = self._scored_session()
        self.assertEqual(len(session.group_assessment_ids), 3)
        self.assertEqual(
            session.client_assessment_ids.mapped("partner_id"), self.clients[0]
        )
        line = session.group_assessment_ids[0]
        self.assertEqual(line.service_type_id, self.service_type, "the only one")
        self.assertEqual(line.score_type_id.code, "GROUP")
        self.assertFalse(session.assessment_snapshot_ids, "not completed yet")

    def test_client_score_created_on_its_attendance_line_counts_once(self):
        session = self._session().with_user(self.dex_user)
        session.action_mark_all_attended()
        self.assertFalse(session.assessment_ids)  # read before the line exists
        attendance = session.attendance_ids[0]
        line = (
            self.env["dex.session.assessment"]
            .with_user(self.dex_user)
            .create(
                {
                    "attendance_id": attendance.id,
                    "phase_id": self.pre.id,
                    "domain_id": self.housing.id,
                    "score_code_id": self._score(self.housing, 3).id,
                }
            )
        )
        self.assertEqual((line.session_id, line.kind), (session, "client"))
        session.action_complete()
        self.assertEqual(len(session.sudo().assessment_snapshot_ids), 1)

    def test_another_company_sees_no_score(self):
        session = self._scored_session()
        session.action_complete()
        Lines = self.env["dex.session.assessment"].with_user(self.other_user)
        self.assertFalse(Lines.search([]))
        snapshots = self.env["dex.assessment.snapshot"].with_user(self.other_user)
        self.assertFalse(snapshots.search([]))
        self.assertTrue(session.sudo().assessment_snapshot_ids)

    def test_only_group_domains_are_offered_for_the_session_with_descriptions(self):
        line = self.env["dex.session.assessment"].new(
            {"session_id": self._session().id}
        )
        offered = self.env["dex.score.domain"].search([("applies_to", "=", line.kind)])
        self.assertEqual(
            sorted(offered.mapped("code")),
            ["GROUPNETWORKS", "GROUPSKILLS", "ORGSKILLS"],
        )
        self.assertIn("Group / community knowledge", self.groupskills.display_name)
        score = self._score(self.groupskills, 3)
        self.assertIn("Limited change in knowledge", score.display_name)

    def test_a_client_domain_is_refused_for_the_session(self):
        session = self._session().with_user(self.dex_user)
        with self.assertRefused(ValidationError, "is not a domain of"):
            self._record_group_score(session, (self.pre, self.housing, 2))

    def test_a_domain_has_one_score_per_phase(self):
        session = self._session().with_user(self.dex_user)
        with self.assertRefused(ValidationError, "scored more than once for phase PRE"):
            self._record_group_score(
                session,
                (self.pre, self.groupskills, 2),
                (self.pre, self.groupskills, 3),
            )

    def test_score_waits_for_the_session_to_be_rostered(self):
        draft = self.env["dex.session"].create(self._session_vals())
        with self.assertRefused(UserError, "rostered, running or completed"):
            self.env["dex.session.assessment"].with_user(self.dex_user).create(
                {
                    "session_id": draft.id,
                    "phase_id": self.pre.id,
                    "domain_id": self.groupskills.id,
                    "score_code_id": self._score(self.groupskills, 2).id,
                }
            )

    def test_client_score_of_an_absent_client_keeps_the_session_from_completing(self):
        session = self._session().with_user(self.dex_user)
        self._record_client_score(session, self.clients[1], (self.pre, self.housing, 1))
        session.action_mark_all_attended()
        session.attendance_ids.filtered(
            lambda a: a.partner_id == self.clients[1]
        ).write({"state": "absent", "reason": "Unwell"})
        with self.assertRefused(UserError, "who did not attend"):
            session.action_complete()

    # ---------------------------------------------------------------- complete

    def test_completion_snapshots_the_score_and_the_extract_sends_it(self):
        session = self._scored_session(clients=self.clients | self.stranger)
        session.action_complete()
        snapshot = session.sudo().assessment_snapshot_ids
        self.assertEqual(len(snapshot), 5)
        self.assertEqual(set(snapshot.mapped("state")), {"current"})
        # a change on the completed session is snapshotted at once
        session.group_assessment_ids.unlink()
        self.assertEqual(
            session.sudo().assessment_snapshot_ids.mapped("kind"), ["client"] * 2
        )
        self._record_group_score(session, (self.pre, self.groupskills, 2))
        self.assertEqual(len(session.sudo().assessment_snapshot_ids), 3)
        self._record_client_score(session, self.stranger, (self.post, self.listened, 3))
        content = self._sent_file()
        tree = etree.fromstring(content)
        self.assertTrue(
            schema.dex_schema().validate(tree), schema.dex_schema().error_log
        )
        document = reader.read_bytes(content)
        (dex_session,) = document.sessions
        (group,) = document.session_assessments
        self.assertEqual(
            (group.case_id, group.session_id),
            (dex_session.case_id, dex_session.session_id),
        )
        self.assertEqual(
            [
                (a.score_type_code, a.phase_code, a.score_codes)
                for a in group.assessments
            ],
            [("GROUP", "PRE", ("GROUPSKILLS2",))],
        )
        # the attendee without a DEX Client ID is not in the file, nor their SCORE
        (person,) = document.client_assessments
        self.assertEqual(person.client_id, "CL-0")
        self.assertEqual(
            (person.case_id, person.session_id),
            (dex_session.case_id, dex_session.session_id),
        )
        self.assertEqual(
            [
                (a.score_type_code, a.phase_code, a.score_codes)
                for a in person.assessments
            ],
            [
                ("CIRCUMSTANCES", "PRE", ("HOUSING2",)),
                ("SATISFACTION", "POST", ("SERVICELISTENED5",)),
            ],
        )

    def test_score_changed_after_validation_must_be_validated_again(self):
        session = self._scored_session()
        session.action_complete()
        extract = self._extract().with_user(self.dex_manager)
        extract.action_collect()
        self._record_group_score(session, (self.post, self.orgskills, 3))
        with self.assertRefused(UserError, "SCORE changed"):
            extract.action_download()

    # --------------------------------------------------------------- correct

    def test_score_sent_is_locked_and_a_correction_sends_it_with_the_same_ids(self):
        session = self._scored_session()
        session.action_complete()
        first = etree.fromstring(self._sent_file())
        self.assertIn("its SCORE is locked", session.score_locked_reason)
        with self.assertRefused(UserError, "already went to DEX: its SCORE is locked"):
            self.env["dex.session.assessment"].with_user(self.dex_user).create(
                {
                    "session_id": session.id,
                    "phase_id": self.post.id,
                    "domain_id": self.orgskills.id,
                    "score_code_id": self._score(self.orgskills, 3).id,
                }
            )
        session.with_user(self.dex_manager)._reopen_for_correction("POST SCORE missed")
        voided = session.sudo().assessment_snapshot_ids
        self.assertEqual(set(voided.mapped("state")), {"void"})
        self._record_group_score(session, (self.post, self.orgskills, 3))
        session.action_complete()
        second = etree.fromstring(self._sent_file())

        def ids(tree, path):
            return [
                (e.findtext("CaseId"), e.findtext("SessionId")) for e in tree.iter(path)
            ]

        self.assertEqual(ids(second, "Session"), ids(first, "Session"))
        self.assertEqual(ids(second, "SessionAssessment"), ids(first, "Session"))
        self.assertEqual(ids(second, "ClientAssessment"), ids(first, "Session"))
        self.assertIn(
            "ORGSKILLS3", second.xpath("//SessionAssessment//ScoreCode/text()")
        )
        current = session.sudo().assessment_snapshot_ids.filtered(
            lambda s: s.state == "current"
        )
        self.assertEqual(len(current), 6)
