from datetime import timedelta

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
            {"name": "Timeline Tour Hall", "is_company": True}
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
        tomorrow = fields.Date.context_today(self.user) + timedelta(days=1)
        self.assertEqual(session.start.date(), tomorrow)
        self.assertEqual(
            session.stop - session.start, timedelta(hours=1), "one hour cell"
        )
        self.assertEqual(self.cooking.worker_ids, self.marc | self.ronnie)
