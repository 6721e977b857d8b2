from odoo.exceptions import AccessError
from odoo.tests import new_test_user, users

from .common import DexSessionsCase


class TestSecurity(DexSessionsCase):
    """Role matrix: DEX user, DEX manager, a user of another company, a stranger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls.env["dex.session"].create(cls._session_vals())
        cls.plain_user = new_test_user(
            cls.env, login="plain_user", groups="base.group_user"
        )

    @users("dex_user")
    def test_user_runs_sessions_but_cannot_configure(self):
        session = self.session.with_env(self.env)
        self.assertEqual(session.name, "Cooking group")
        session.name = "Cooking group (moved)"
        self.env["dex.session"].create(self._session_vals(name="Another"))
        self.assertTrue(self.env["dex.service"].search([("id", "=", self.service.id)]))
        for model, vals in (
            ("dex.service", {"name": "X", "category_id": self.category.id}),
            ("dex.support.category", {"name": "X"}),
            ("dex.outlet.activity", {"name": "X", "code": "1"}),
            ("dex.service.type", {"name": "X", "code": "1"}),
            ("dex.service.setting", {"name": "X", "code": "X"}),
            ("dex.extra.item", {"name": "X", "code": "X"}),
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].create(vals)
        with self.assertRaises(AccessError):
            self.service.with_env(self.env).name = "Renamed"

    @users("dex_manager")
    def test_manager_configures(self):
        outlet = self.env["dex.outlet.activity"].create(
            {"name": "New outlet", "code": "555"}
        )
        self.assertEqual(outlet.company_id, self.company)
        self.service.with_env(self.env).time_minutes = 60
        self.assertEqual(self.service.time_minutes, 60)
        self.env["dex.session"].browse(self.session.id).unlink()

    @users("dex_other")
    def test_other_company_sees_nothing(self):
        sessions = self.env["dex.session"]
        self.assertFalse(sessions.search([("id", "=", self.session.id)]))
        self.assertFalse(
            self.env["dex.session.service"].search(
                [("session_id", "=", self.session.id)]
            )
        )
        self.assertFalse(
            self.env["dex.outlet.activity"].search([("id", "=", self.outlet.id)])
        )
        with self.assertRaises(AccessError):
            sessions.browse(self.session.id).read(["name"])

    @users("plain_user")
    def test_internal_user_without_dex_group_has_no_sessions(self):
        with self.assertRaises(AccessError):
            self.env["dex.session"].search([])
        with self.assertRaises(AccessError):
            self.env["dex.session.create"].create({"name": "x"})
        # contacts open as in stock Odoo: no DEX data, not even the DEX Client ID
        partner = self.env["res.partner"].browse(self.clients[0].id)
        self.assertTrue(partner.name)
        with self.assertRaises(AccessError):
            partner.read(["dex_client_id"])
