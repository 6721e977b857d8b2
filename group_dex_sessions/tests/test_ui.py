from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSessionCalendarTour(HttpCase):
    """A DEX user in English (Australia) clicks a calendar slot and walks the
    wizard to a rostered session with two services."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.config.settings"]._dex_apply_australian_defaults()
        # the test browser runs in UTC: so does the user, or every time shifts
        cls.user = new_test_user(
            cls.env,
            login="tour_dex_user",
            groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
            tz="UTC",
            lang="en_AU",
        )
        cls.env["res.partner"].create({"name": "Tour Hall", "dex_is_site": True})
        cls.clients = cls.env["res.partner"].create(
            [{"name": "Tour Client"}, {"name": "Tour Second Client"}]
        )
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
        cls.metro = cls.env["dex.travel.area"].create({"name": "Tour Metro"})
        cls.cooking, cls.outing = cls.env["dex.service"].create(
            [
                {
                    "name": "Tour Cooking",
                    "category_id": category.id,
                    "service_type_id": service_type.id,
                    "time_minutes": 60,
                },
                {
                    "name": "Tour Outing",
                    "category_id": category.id,
                    "service_type_id": service_type.id,
                    "travel_chargeable": True,
                    "travel_area_id": cls.metro.id,
                },
            ]
        )
        # a 15-minute session this week, early in the morning of today
        start = datetime.combine(fields.Date.today(), time(3, 0))
        cls.env["dex.session"].create(
            {
                "name": "Tour phone check",
                "start": start,
                "stop": start + timedelta(minutes=15),
                "location_type": "online",
                "online_details": "02 9000 0000",
                "client_ids": [(6, 0, cls.clients[:1].ids)],
                "worker_ids": [(6, 0, cls.worker.ids)],
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
        self.assertEqual(session.client_ids, self.clients)
        self.assertEqual(session.worker_ids, self.worker)
        self.assertEqual(session.start.hour, 10)
        self.assertEqual(
            session.service_setting_id.code, "ORGOUTLETOFFICE", "chosen on Finalise"
        )
        cooking, outing = (
            session.service_ids.filtered(lambda line, s=service: line.service_id == s)
            for service in (self.cooking, self.outing)
        )
        self.assertEqual(cooking.client_ids, self.clients[:1])
        self.assertEqual(cooking.time_minutes, 60)
        self.assertEqual(outing.client_ids, self.clients)
        self.assertEqual(
            (outing.travel_chargeable, outing.travel_area_id), (True, self.metro)
        )
