from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, users

from .test_extract import ExtractCase


class TestPrivacy(ExtractCase):
    """The six findings of the access review, each as the user met it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_user = new_test_user(
            cls.env, login="privacy_plain", groups="base.group_user"
        )
        consent = cls.env["dex.partner.consent"].search(
            [("partner_id", "=", cls.clients[0].id)]
        )
        consent.note = "Signed intake form"
        # the other company's DEX user may export, to show what an export holds
        cls.other_user.groups_id |= cls.env.ref("base.group_allow_export")

    @users("dex_user")
    def test_1_a_dex_user_cannot_make_or_rewrite_sd_records(self):
        session = self._completed_session()
        sd = session.delivery_ids.filtered(lambda d: d.state == "ready")[0]
        with self.assertRaises(AccessError):
            self.env["dex.service.delivery"].create(
                {
                    "session_id": session.id,
                    "session_service_id": session.service_ids[0].id,
                    "service_id": self.service.id,
                    "partner_id": self.stranger.id,
                    "date": date(2026, 3, 3),
                    "company_id": self.company.id,
                    "dex_client_id": "SPOOF1",
                    "time_minutes": 999,
                }
            )
        for vals in (
            {"state": "extracted"},
            {"dex_client_id": "SPOOF1"},
            {"time_minutes": 999},
            {"extract_id": False},
        ):
            with self.assertRefused(UserError, "change only through it"):
                sd.write(vals)
        self.assertEqual((sd.state, sd.time_minutes), ("ready", 90))

    @users("dex_other")
    def test_2_another_company_never_sees_this_companys_client_data(self):
        partner = self.env["res.partner"].browse(self.clients[0].id)
        # the contact is shared; its DEX data is not
        self.assertTrue(partner.name)
        self.assertFalse(partner.dex_birth_date)
        self.assertFalse(partner.dex_slk)
        self.assertEqual(partner.dex_gender_id.code, "NOTSTATED")
        slk = self.clients[0].sudo().with_company(self.company).dex_slk
        self.assertFalse(self.env["res.partner"].search([("dex_slk", "=", slk)]))
        exported = partner.export_data(["dex_birth_date", "dex_slk"])["datas"]
        self.assertEqual(exported, [["", ""]])
        # what this company types is its own, and leaves the other's untouched
        partner.dex_birth_date = date(1980, 1, 1)
        mine = self.clients[0].sudo().with_company(self.company)
        self.assertEqual(mine.dex_birth_date, date(1950, 5, 17))
        self.assertEqual(partner.dex_birth_date, date(1980, 1, 1))
        self.assertFalse(self.env["dex.partner.consent"].search([]))
        self.assertFalse(self.env["dex.partner.identifier"].search([]))

    def test_3_internal_users_without_dex_groups_read_no_dex_ids_or_consent(self):
        user = self.plain_user
        partner = self.clients[0].with_user(user)
        self.assertTrue(partner.name, "contacts as stock Odoo shows them")
        for fields in (["dex_client_id"], ["dex_birth_date"], ["dex_consent_ids"]):
            with self.assertRaises(AccessError):
                partner.read(fields)
        for model in ("dex.partner.identifier", "dex.partner.consent"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["dex.partner.consent"].with_user(user).browse(
                partner.sudo().dex_consent_ids.ids
            ).read(["note"])

    def test_4_workers_events_are_private_and_never_name_a_clients_home(self):
        session = self._session(
            location_type="client_home", home_partner_id=self.clients[1].id
        )
        event = session.calendar_event_id
        self.assertEqual(event.sudo().location, "Client's home")
        self.assertEqual(event.sudo().privacy, "private")
        for user, sees in (
            (self.plain_user, False),
            (self.other_user, False),
            (self.worker_user, True),  # the worker is an attendee
        ):
            mine = event.with_user(user)
            mine.invalidate_recordset()
            self.assertEqual(mine.name == "Cooking group", sees, user.login)
            self.assertNotIn(self.clients[1].name, mine.location or "")

    def test_5_wizard_records_are_their_creators_only(self):
        wizard = (
            self.env["dex.session.create"]
            .with_user(self.dex_user)
            .create(self._wizard_vals())
        )
        for user in (self.dex_manager, self.worker_user, self.other_user):
            wizards = self.env["dex.session.create"].with_user(user)
            self.assertFalse(wizards.search([("id", "=", wizard.id)]), user.login)
            with self.assertRaises(AccessError):
                wizards.browse(wizard.id).read(["client_ids"])
        self.assertEqual(wizard.client_ids, self.clients)

    def test_6_graceful_edges(self):
        # a manager without an e-mail address collects and downloads
        self.dex_manager.partner_id.email = False
        self._completed_session()
        extract = self._extract().with_user(self.dex_manager)
        extract.action_collect()
        extract.action_download()
        self.assertEqual(extract.state, "done")
        # numbers the database cannot hold are refused by name, before it sees them
        session = self._session()
        with self.assertRefused(ValidationError, "Workers Required: 3000000000"):
            session.worker_count_required = 3_000_000_000
        with self.assertRefused(ValidationError, "more than a day"):
            session.service_ids[0].time_minutes = 1441
        with self.assertRefused(ValidationError, "the most DEX takes"):
            session.service_ids[0].client_contribution = 1e12
        # a completed session is archived or cancelled, never deleted
        done = self._completed_session()
        with self.assertRefused(UserError, "is never deleted: archive it"):
            done.with_user(self.dex_user).unlink()
        done.with_user(self.dex_user).action_archive()
        self.assertFalse(done.active)
