from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import users
from odoo.tools import mute_logger

from .common import DexSessionsCase


class TestPartnerIdentifier(DexSessionsCase):
    """DEX Client ID as a personal identifier record on the contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.id_type = cls.env.ref("group_dex_sessions.dex_identifier_type_client_id")

    def _identifier(self, partner, value, **extra):
        return self.env["dex.partner.identifier"].create(
            {
                "partner_id": partner.id,
                "type_id": self.id_type.id,
                "name": value,
                **extra,
            }
        )

    @users("dex_user")
    def test_manual_id_is_visible_and_searchable_on_the_contact(self):
        client = self.clients[0].with_env(self.env)
        self.assertFalse(client.dex_reportable)
        self._identifier(client, "CL-000777")
        self.assertEqual(client.dex_client_id, "CL-000777")
        self.assertTrue(client.dex_reportable)
        partners = self.env["res.partner"]
        self.assertEqual(partners.search([("dex_client_id", "=", "CL-000777")]), client)
        self.assertIn(client, partners.search([("dex_client_id", "ilike", "000777")]))
        without = partners.search([("dex_client_id", "=", False)])
        self.assertNotIn(client, without)
        self.assertIn(self.clients[1], without)

    def test_value_unique_per_company_and_type(self):
        self._identifier(self.clients[0], "CL-100")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._identifier(self.clients[1], "CL-100")
        # the same value in another company is another organisation's client
        other = self._identifier(
            self.clients[1], "CL-100", company_id=self.other_company.id
        )
        self.assertEqual(other.company_id, self.other_company)

    def test_one_current_id_per_contact(self):
        self._identifier(self.clients[0], "CL-200", date_start="2025-01-01")
        with self.assertRefused(ValidationError, "already has the DEX Client ID"):
            self._identifier(self.clients[0], "CL-201", date_start="2026-01-01")
        # closing the old one first lets staff replace it
        self.clients[0].dex_identifier_ids.date_end = "2025-12-31"
        self._identifier(self.clients[0], "CL-201", date_start="2026-01-01")
        self.assertEqual(self.clients[0].dex_client_id, "CL-201")

    def test_personal_or_malformed_values_refused(self):
        client = self.env["res.partner"].create({"name": "Margaret Nguyen"})
        for value, message in (
            ("nguyen-01", "contains personal information"),
            ("MARGARET7", "contains personal information"),
            ("CL 01", "is not allowed"),
            ("X" * 51, "is not allowed"),
        ):
            with (
                self.subTest(value=value),
                self.assertRefused(ValidationError, message),
            ):
                self._identifier(client, value)

    @users("dex_user")
    def test_generated_ids_come_from_the_sequence_and_hide_the_person(self):
        clients = (
            self.env["res.partner"]
            .sudo()
            .create([{"name": "Dexter Morgan"}, {"name": "Ann Lee"}, {"name": "Bo Ng"}])
            .with_env(self.env)
        )
        clients.action_generate_dex_client_id()
        values = clients.mapped("dex_client_id")
        self.assertEqual(len(set(values)), 3)
        for client, value in zip(clients, values, strict=True):
            self.assertRegex(value, r"^DEX\d{7}$")
            for part in client.name.lower().split():
                self.assertNotIn(part, value.lower())
        self.assertTrue(all(clients.dex_identifier_ids.mapped("is_generated")))
        with self.assertRefused(UserError, "already have a DEX Client ID"):
            clients.action_generate_dex_client_id()
