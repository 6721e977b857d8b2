from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWorkerTimelineTour(HttpCase):
    """The worker view on the demo data, driven in headless Chromium.

    The tour runs as a DEX user who works in Marc Demo's and Ronnie Hart's
    department (so My Team shows them), in UTC like the test browser.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cooking = cls.env.ref(
            "group_dex_sessions.dex_session_demo_cooking", raise_if_not_found=False
        )
        if not cls.cooking:
            return
        cls.marc = cls.env.ref("hr.employee_qdp")
        cls.ronnie = cls.env.ref("hr.employee_al")
        cls.user = new_test_user(
            cls.env,
            login="tour_timeline_user",
            groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
            tz="UTC",
        )
        cls.env["hr.employee"].create(
            {
                "name": "Tour Coordinator",
                "user_id": cls.user.id,
                "department_id": cls.marc.department_id.id,
            }
        )
        cls.env["res.partner"].create(
            {"name": "Timeline Tour Hall", "is_company": True, "dex_is_site": True}
        )
        cls.client = cls.env["res.partner"].create({"name": "Timeline Tour Client"})

    def test_plan_in_a_worker_row_and_hand_the_session_over(self):
        if not self.cooking:
            self.skipTest(
                "needs the demo data (Marc Demo and Ronnie Hart's Cooking group); "
                "runs on the database with demo data"
            )
        self.assertEqual(
            self.cooking.worker_ids,
            self.marc | self.ronnie,
            "the demo has a session with two workers",
        )
        self.start_tour(
            "/odoo/action-group_dex_sessions.dex_session_action",
            "dex_session_timeline_tour",
            login="tour_timeline_user",
        )
        session = self.env["dex.session"].search(
            [("name", "=", "Tour timeline session")]
        )
        self.assertEqual(len(session), 1)
        self.assertEqual(session.state, "rostered", "Save and Roster")
        self.assertEqual(session.client_ids, self.client)
        self.assertEqual(session.worker_ids, self.ronnie, "handed over by the drag")
        # the tour's tomorrow: the browser's, in UTC like the tour user (not
        # the test's superuser, who is in Brussels on the demo data)
        tour_user = self.user.with_user(self.user)
        tomorrow = fields.Date.context_today(tour_user) + timedelta(days=1)
        self.assertEqual(session.start.date(), tomorrow)
        self.assertEqual(
            session.stop - session.start, timedelta(hours=1), "one hour cell"
        )
        self.assertEqual(self.cooking.worker_ids, self.marc | self.ronnie)


@tagged("post_install", "-at_install")
class TestWorkerTimelineRefusalTour(HttpCase):
    """Refusals and the series choice in the browser, on data of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_timeline_refusals",
            groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
            tz="UTC",
        )
        department = cls.env["hr.department"].create({"name": "Tour Department"})
        cls.ann, cls.ben = cls.env["hr.employee"].create(
            [
                {"name": name, "department_id": department.id}
                for name in ("Tour Ann", "Tour Ben")
            ]
        )
        cls.env["hr.employee"].create(
            {
                "name": "Tour Lead",
                "user_id": cls.user.id,
                "department_id": department.id,
            }
        )
        site = cls.env["res.partner"].create({"name": "Tour Site", "is_company": True})
        client = cls.env["res.partner"].create({"name": "Tour Refusal Client"})
        tomorrow = fields.Date.today() + timedelta(days=1)
        common = {
            "location_type": "site",
            "site_partner_id": site.id,
            "client_ids": [(6, 0, client.ids)],
        }
        cls.pair = cls.env["dex.session"].create(
            dict(
                common,
                name="Tour pair session",
                start=datetime.combine(tomorrow, time(9)),
                stop=datetime.combine(tomorrow, time(10)),
                worker_ids=[(6, 0, (cls.ann | cls.ben).ids)],
            )
        )
        wizard = cls.env["dex.session.create"].create(
            dict(
                common,
                name="Tour series",
                start=datetime.combine(tomorrow, time(13)),
                stop=datetime.combine(tomorrow, time(14)),
                worker_ids=[(6, 0, cls.ann.ids)],
                recurrence=True,
                recurrence_unit="week",
                recurrence_end="count",
                recurrence_count=2,
            )
        )
        wizard.action_save()
        cls.series = cls.env["dex.session"].search(
            [("name", "=", "Tour series")], order="start"
        )

    def test_refusals_say_why_and_a_series_asks_which_sessions(self):
        self.assertEqual(len(self.series), 2)
        self.start_tour(
            "/odoo/action-group_dex_sessions.dex_session_action",
            "dex_session_timeline_refusal_tour",
            login="tour_timeline_refusals",
        )
        self.assertEqual(self.pair.worker_ids, self.ann | self.ben, "refused")
        self.assertEqual(self.series[0].worker_ids, self.ben, "this session...")
        self.assertEqual(self.series[1].worker_ids, self.ann, "...only")
