from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSessionCalendarTour(HttpCase):
    """A DEX user clicks a calendar slot and walks the wizard to a rostered session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_dex_user",
            groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
            tz="UTC",
        )
        cls.env["res.partner"].create({"name": "Tour Hall", "is_company": True})
        cls.client = cls.env["res.partner"].create({"name": "Tour Client"})
        cls.worker = cls.env["hr.employee"].create({"name": "Tour Worker"})
        # the user has filtered the Sessions Calendar on this worker
        cls.env["dex.session.worker.filter"].create(
            {"user_id": cls.user.id, "worker_id": cls.worker.id}
        )
        category = cls.env["dex.support.category"].create({"name": "Tour Social"})
        service_type = cls.env["dex.service.type"].create(
            {"code": "7063", "name": "Tour service type"}
        )
        cls.env["dex.outlet.activity"].create({"code": "7777", "name": "Tour Outlet"})
        cls.service = cls.env["dex.service"].create(
            {
                "name": "Tour Cooking",
                "category_id": category.id,
                "service_type_id": service_type.id,
                "time_minutes": 60,
            }
        )

    def test_calendar_slot_to_rostered_session(self):
        self.start_tour(
            "/odoo/action-group_dex_sessions.dex_session_action",
            "dex_session_wizard_tour",
            login="tour_dex_user",
        )
        session = self.env["dex.session"].search([("name", "=", "Tour cooking group")])
        self.assertEqual(len(session), 1)
        self.assertEqual(session.state, "rostered")
        self.assertEqual(session.client_ids, self.client)
        self.assertEqual(session.worker_ids, self.worker)
        self.assertEqual(session.service_ids.service_id, self.service)
        self.assertEqual(session.service_ids.time_minutes, 60)
        self.assertEqual(session.start.hour, 10)
        self.assertEqual(
            session.service_setting_id.code, "ORGOUTLETOFFICE", "chosen on Finalise"
        )
