import base64

from lxml import etree
from lxml.builder import E

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, users

from odoo.addons.group_dex_sessions.core.reference import CODE_TYPES

from .test_score import ScoreCase


class RefreshCase(ScoreCase):
    """The portal's reference-data file, as made from what the database keeps."""

    def _lists(self):
        """{CodeType: [[code, description, order]]} of the lists kept here."""
        lists = {}
        for code in self.env["dex.code"].search([], order="code_list, sequence, id"):
            lists.setdefault(CODE_TYPES[code.code_list], []).append(
                [code.code, code.name, code.sequence]
            )
        lists["ExtraItem"] = [
            [item.code, item.name, item.sequence]
            for item in self.env["dex.extra.item"].search([])
        ]
        return lists

    def _scores(self):
        """{(score type, ApplicableFor): {domain: (description, [(code, text)])}}."""
        scores = {}
        for domain in self.env["dex.score.domain"].search([]):
            key = (domain.score_type_id.code, domain.applies_to.capitalize())
            scores.setdefault(key, {})[domain.code] = (
                domain.name,
                [(score.code, score.name) for score in domain.score_code_ids],
            )
        return scores

    def _portal_file(self, lists, scores):
        code_lists = [
            E.ReferenceDataItems(
                *(
                    E.Item(
                        E.CodeValue(code),
                        E.CodeDescription(description),
                        E.OrderNumber(str(order)),
                    )
                    for code, description, order in items
                ),
                CodeType=code_type,
            )
            for code_type, items in lists.items()
        ]
        assessments = E.AssessmentReferenceDataItems(
            *(
                E.AssessmentReferenceDataItem(
                    E.ScoreType(score_type),
                    E.ApplicableFor(applies_to),
                    E.Domains(
                        *(
                            E.Domain(
                                E.DomainCode(code),
                                E.DomainDescription(description),
                                E.Scores(
                                    *(
                                        E.Score(E.ScoreCode(c), E.Description(text))
                                        for c, text in items
                                    )
                                ),
                            )
                            for code, (description, items) in domains.items()
                        )
                    ),
                )
                for (score_type, applies_to), domains in scores.items()
            )
        )
        root = E.DEXReferenceData(*code_lists, assessments)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")

    def _changed_file(self):
        """Gender: FEMALE reworded, INTERSEX gone, NONBINARY new; SCORE: ORGSKILLS
        gone, GROUPSAFETY new; a CodeType this addon does not use, and one no
        list knows."""
        lists = self._lists()
        lists["Gender"] = [row for row in lists["Gender"] if row[0] != "INTERSEX"] + [
            ["NONBINARY", "Non-binary", 5]
        ]
        for row in lists["Gender"]:
            if row[0] == "FEMALE":
                row[1] = "Female (reworded)"
        lists["ReferralType"] = [["INTERNAL", "Internal", 1]]
        lists["Topic"] = [["T1", "Topic one", 1]]
        scores = self._scores()
        group = scores[("GROUP", "Session")]
        del group["ORGSKILLS"]
        group["GROUPSAFETY"] = (
            "Group safety",
            [(f"GROUPSAFETY{n}", f"Score {n} - safety") for n in range(1, 6)],
        )
        return self._portal_file(lists, scores)

    def _refresh(self, content, name="DEXReferenceData.xml"):
        # the upload widget names the file; a Form cannot
        refresh = self.env["dex.reference.refresh"].with_context(default_file_name=name)
        wizard = Form(refresh)
        wizard.data_file = base64.b64encode(content)
        wizard = wizard.save()
        wizard.action_refresh()
        return wizard

    def _summary(self, wizard):
        return {
            (line.code_type, line.code_list or ""): (
                line.added_count,
                line.changed_count,
                line.archived_count,
            )
            for line in wizard.line_ids
            if not line.ignored
        }


class TestReferenceRefresh(RefreshCase):
    @users("dex_manager")
    def test_the_file_of_what_is_installed_changes_nothing(self):
        wizard = self._refresh(self._portal_file(self._lists(), self._scores()))
        self.assertEqual(
            (wizard.added_count, wizard.changed_count, wizard.archived_count),
            (0, 0, 0),
        )
        self.assertIn(("Gender", "GenderCode"), self._summary(wizard))

    @users("dex_manager")
    def test_a_refresh_adds_updates_archives_and_a_second_run_changes_nothing(self):
        Code = self.env["dex.code"].with_context(active_test=False)
        content = self._changed_file()
        wizard = self._refresh(content)
        summary = self._summary(wizard)
        self.assertEqual(summary[("Gender", "GenderCode")], (1, 1, 1))
        self.assertEqual(summary[("Assessment (domains)", "ScoreDomain")], (1, 0, 1))
        self.assertEqual(
            summary[("Assessment (scores)", "AssessmentScoreCode")], (5, 0, 5)
        )
        self.assertEqual(summary[("Country", "CountryOfBirthCode")], (0, 0, 0))
        gender = wizard.line_ids.filtered(lambda line: line.code_type == "Gender")
        self.assertEqual(
            (gender.added_codes, gender.changed_codes, gender.archived_codes),
            ("NONBINARY", "FEMALE", "INTERSEX"),
        )
        self.assertEqual(
            gender.detail, "added NONBINARY; changed FEMALE; archived INTERSEX"
        )
        ignored = {
            line.code_type: line.detail for line in wizard.line_ids if line.ignored
        }
        self.assertEqual(set(ignored), {"ReferralType", "Topic"})
        self.assertIn("a code type this addon does not know", ignored["Topic"])
        self.assertIn("this addon does not use these codes", ignored["ReferralType"])
        # archived, never deleted; reworded; added with its order
        intersex = Code.search(
            [("code_list", "=", "GenderCode"), ("code", "=", "INTERSEX")]
        )
        self.assertFalse(intersex.active)
        female = self.env.ref("group_dex_sessions.dex_code_gendercode_female")
        self.assertEqual(female.name, "Female (reworded)")
        nonbinary = Code.search([("code", "=", "NONBINARY")])
        self.assertEqual(
            (nonbinary.code_list, nonbinary.sequence, nonbinary.active),
            ("GenderCode", 5, True),
        )
        safety = self.env["dex.score.domain"].search([("code", "=", "GROUPSAFETY")])
        self.assertEqual(safety.applies_to, "session")
        self.assertEqual(safety.score_code_ids.mapped("score"), [1, 2, 3, 4, 5])
        self.assertFalse(self.orgskills.active)
        self.assertIn(safety, self.env["dex.score.domain"].search([]))
        # the same file again: nothing left to do
        again = self._refresh(content)
        self.assertEqual(
            (again.added_count, again.changed_count, again.archived_count), (0, 0, 0)
        )
        # an upgrade of the addon keeps what the refresh made of its records
        xmlid = (
            self.env["ir.model.data"]
            .sudo()
            .search([("model", "=", "dex.code"), ("res_id", "=", female.id)])
        )
        self.assertTrue(xmlid.noupdate)

    @users("dex_manager")
    def test_a_malformed_file_is_refused_with_the_line_and_changes_nothing(self):
        content = self._changed_file().replace(b"</CodeValue>", b"</Code>", 3)
        names = self.env["dex.code"].search([]).mapped("name")
        with self.assertRefused(UserError, r"refused and nothing changed: line \d+: "):
            self._refresh(content, name="broken.xml")
        self.assertEqual(self.env["dex.code"].search([]).mapped("name"), names)
        with self.assertRefused(UserError, "DEX upload file, not the reference data"):
            self._refresh(b"<DEXFileUpload><Clients/></DEXFileUpload>")

    def test_only_managers_refresh(self):
        with self.assertRaises(AccessError):
            self.env["dex.reference.refresh"].with_user(self.dex_user).create({})

    def test_records_using_an_archived_code_are_warned_about_in_the_next_extract(self):
        intersex = self.env.ref("group_dex_sessions.dex_code_gendercode_intersex")
        self.clients[1].dex_gender_id = intersex
        session = self._scored_session()
        self._record_group_score(
            session, (self.post, self.orgskills, 3)
        )  # ORGSKILLS is archived by the refresh below
        session.action_complete()
        self._refresh(self._changed_file())
        extract = self._extract().with_user(self.dex_manager)
        extract.action_collect()
        self.assertEqual(extract.error_count, 0, extract.finding_ids.mapped("message"))
        retired = extract.finding_ids.filtered(lambda f: f.rule == "code-retired")
        self.assertEqual(set(retired.mapped("level")), {"warning"})
        by_link = {f.res_ref: f for f in retired}
        client = by_link[self.clients[1]]
        self.assertIn("GenderCode 'INTERSEX'", client.message)
        self.assertEqual(client.record, "Client CL-1")
        scores = retired.filtered(lambda f: f.res_ref == session)
        self.assertEqual(
            sorted(scores.mapped("message"))[0][:35],
            "AssessmentScoreCode 'ORGSKILLS1' is",
        )
        self.assertEqual(len(scores), 2, "ORGSKILLS1 (PRE) and ORGSKILLS3 (POST)")
        extract.action_download()  # a warning does not hold the file back
        self.assertIn(b"<ScoreCode>ORGSKILLS3</ScoreCode>", self._file(extract))
