from contextlib import nullcontext
from datetime import datetime, timedelta

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import users
from odoo.tools.safe_eval import safe_eval

from ..models.dex_session import STATE_COLORS
from .common import DexSessionsCase

# the week of 2 March 2026 (UTC), as the worker timeline asks for it
WEEK = ("2026-03-02 00:00:00", "2026-03-09 00:00:00")


class TimelineCase(DexSessionsCase):
    """Two departments: Kitchen (workers 1 and 2, and the coordinator who is the
    DEX user) and Garden (worker 3, who reports to worker 1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        departments = cls.env["hr.department"].create(
            [{"name": "Kitchen"}, {"name": "Garden"}]
        )
        cls.kitchen, cls.garden = departments
        cls.workers.department_id = cls.kitchen
        cls.worker_3 = cls.env["hr.employee"].create(
            {
                "name": "Test Worker 3",
                "department_id": cls.garden.id,
                "parent_id": cls.workers[0].id,
            }
        )
        cls.coordinator = cls.env["hr.employee"].create(
            {
                "name": "Coordinator",
                "user_id": cls.dex_user.id,
                "department_id": cls.kitchen.id,
            }
        )
        cls.everyone = cls.workers | cls.worker_3 | cls.coordinator

    def _session(self, **overrides):
        return self.env["dex.session"].create(self._session_vals(**overrides))

    def _timeline(self, domain=()):
        return self.env["dex.session"].get_worker_timeline(list(domain), *WEEK)

    def _rows(self, data):
        return [row["name"] for row in data["rows"]]

    def _bars(self, data):
        return {bar["id"]: bar for bar in data["sessions"]}

    def _search_filter_domain(self, name):
        """The domain of a filter of the Sessions Calendar's search view."""
        arch = self.env["dex.session"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        node = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")[0]
        return safe_eval(node.get("domain"), {"uid": self.env.uid})


class TestTimelineData(TimelineCase):
    @users("dex_user")
    def test_a_two_worker_session_shows_in_both_rows_coloured_by_state(self):
        both = self._session(
            name="Cooking group",
            worker_ids=[(6, 0, self.workers.ids)],
            state="rostered",
        )
        draft = self._session(
            name="Garden club",
            worker_ids=[(6, 0, self.worker_3.ids)],
            start=datetime(2026, 3, 4, 9, 0),
            stop=datetime(2026, 3, 4, 10, 0),
        )
        cancelled = self._session(name="Rained out", state="cancelled")
        data = self._timeline([("worker_ids", "in", self.everyone.ids)])
        self.assertEqual(
            self._rows(data),
            ["Coordinator", "Test Worker 1", "Test Worker 2", "Test Worker 3"],
            "every worker has a row, also one with nothing planned",
        )
        bars = self._bars(data)
        self.assertEqual(bars[both.id]["worker_ids"], self.workers.ids)
        self.assertEqual(bars[both.id]["name"], "Cooking group")
        self.assertEqual(bars[both.id]["client_count"], 3)
        self.assertEqual(bars[both.id]["start"], "2026-03-03 09:00:00")
        self.assertEqual(bars[both.id]["stop"], "2026-03-03 11:00:00")
        self.assertEqual(bars[draft.id]["worker_ids"], self.worker_3.ids)
        for session in (both, draft, cancelled):
            bar = bars[session.id]
            self.assertEqual(bar["color"], STATE_COLORS[session.state])
            self.assertEqual(bar["color"], session.calendar_color, "as the calendar")
        self.assertEqual(bars[both.id]["state_label"], "Rostered")
        self.assertEqual(
            len({bars[s.id]["color"] for s in (both, draft, cancelled)}),
            3,
            "each state its own colour",
        )
        self.assertFalse(bars[both.id]["series"])

    @users("dex_user")
    def test_only_the_period_is_read(self):
        inside = self._session()
        self._session(
            start=datetime(2026, 3, 9, 9, 0), stop=datetime(2026, 3, 9, 10, 0)
        )
        overnight = self._session(
            start=datetime(2026, 3, 8, 23, 0), stop=datetime(2026, 3, 9, 1, 0)
        )
        data = self._timeline([("worker_ids", "in", self.workers.ids)])
        self.assertEqual(set(self._bars(data)), {inside.id, overnight.id})

    @users("dex_user")
    def test_worker_filters_choose_the_rows_other_filters_only_sessions(self):
        both = self._session(worker_ids=[(6, 0, self.workers.ids)])
        other_outlet = (
            self.env["dex.outlet.activity"]
            .sudo()
            .create({"code": "55555", "name": "Other outlet"})
        )
        elsewhere = self._session(
            worker_ids=[(6, 0, self.worker_3.ids)], outlet_activity_id=other_outlet.id
        )
        # a worker typed in the search: that worker's row, and their share of
        # the two-worker session
        data = self._timeline([("worker_ids", "ilike", "Test Worker 2")])
        self.assertEqual(self._rows(data), ["Test Worker 2"])
        self.assertEqual(self._bars(data)[both.id]["worker_ids"], self.workers[1].ids)
        # a department, its workers with or without sessions
        data = self._timeline([("worker_department_ids", "child_of", self.kitchen.id)])
        self.assertEqual(
            self._rows(data), ["Coordinator", "Test Worker 1", "Test Worker 2"]
        )
        self.assertEqual(set(self._bars(data)), {both.id})
        # a team: the worker and who reports to them (the "Team of" search)
        team = [
            "|",
            ("worker_ids", "=", self.workers[0].id),
            ("worker_ids.parent_id", "child_of", self.workers[0].id),
        ]
        data = self._timeline(team)
        self.assertEqual(self._rows(data), ["Test Worker 1", "Test Worker 3"])
        self.assertEqual(set(self._bars(data)), {both.id, elsewhere.id})
        # not a worker: all rows stay, only that outlet's sessions show
        data = self._timeline(
            [
                ("outlet_activity_id", "=", other_outlet.id),
                ("worker_ids", "in", self.everyone.ids),
            ]
        )
        self.assertEqual(len(data["rows"]), 4)
        self.assertEqual(set(self._bars(data)), {elsewhere.id})
        # a negated worker condition hides that worker's row
        data = self._timeline(
            ["!", ("worker_ids", "=", self.workers[0].id)]
            + [("worker_ids", "in", self.everyone.ids)]
        )
        self.assertNotIn("Test Worker 1", self._rows(data))
        self.assertIn("Test Worker 2", self._rows(data))

    @users("dex_user")
    def test_my_team_is_my_department_and_who_reports_to_me(self):
        data = self._timeline(self._search_filter_domain("my_team"))
        self.assertEqual(
            self._rows(data),
            ["Coordinator", "Test Worker 1", "Test Worker 2"],
            "the Kitchen, where the DEX user works",
        )
        self.worker_3.sudo().parent_id = self.coordinator
        # employees read through hr.employee.public, a view on their table
        self.env.flush_all()
        data = self._timeline(self._search_filter_domain("my_team"))
        self.assertIn("Test Worker 3", self._rows(data), "now reports to the user")

    @users("dex_user")
    def test_a_session_without_workers_is_shown_without_a_row(self):
        nobody = self._session(
            worker_ids=[(5, 0, 0)], worker_count_required=0, name="Unstaffed"
        )
        bar = self._bars(self._timeline())[nobody.id]
        self.assertEqual(bar["worker_ids"], [], "the view's 'No worker' row")
        filtered = self._timeline([("worker_ids", "in", self.workers.ids)])
        self.assertNotIn(nobody.id, self._bars(filtered))

    @users("dex_user")
    def test_time_off_and_public_holidays_show_in_the_rows(self):
        leaves = self.env["resource.calendar.leaves"].sudo()
        leaves.create(
            {
                "name": "Annual leave",
                "resource_id": self.workers[0].resource_id.id,
                "date_from": datetime(2026, 3, 4, 0, 0),
                "date_to": datetime(2026, 3, 5, 0, 0),
            }
        )
        leaves.create(
            {
                "name": "Labour Day",
                "resource_id": False,
                "calendar_id": self.workers[0].resource_calendar_id.id,
                "date_from": datetime(2026, 3, 2, 0, 0),
                "date_to": datetime(2026, 3, 2, 23, 59),
            }
        )
        leaves.create(
            {
                "name": "Long ago",
                "resource_id": self.workers[1].resource_id.id,
                "date_from": datetime(2025, 1, 1, 0, 0),
                "date_to": datetime(2025, 1, 5, 0, 0),
            }
        )
        data = self._timeline([("worker_ids", "in", self.workers.ids)])
        by_worker = {}
        for leave in data["leaves"]:
            by_worker.setdefault(leave["worker_id"], []).append(
                (leave["label"], leave["holiday"], leave["start"])
            )
        self.assertEqual(
            by_worker[self.workers[0].id],
            [
                ("Labour Day", True, "2026-03-02 00:00:00"),
                ("Time off", False, "2026-03-04 00:00:00"),
            ],
            "a personal leave's reason stays private",
        )
        self.assertEqual(
            by_worker[self.workers[1].id],
            [("Labour Day", True, "2026-03-02 00:00:00")],
            "the holiday of their working hours; last year's leave is not read",
        )

    @users("dex_user")
    def test_other_companies_workers_and_sessions_never_show(self):
        stranger = (
            self.env["hr.employee"]
            .sudo()
            .create({"name": "Other Org Worker", "company_id": self.other_company.id})
        )
        self.env["dex.session"].sudo().with_company(self.other_company).create(
            self._session_vals(
                name="Other org session",
                worker_ids=[(6, 0, stranger.ids)],
                service_ids=[],
                service_type_ids=[],
                outlet_activity_id=False,
                company_id=self.other_company.id,
            )
        )
        data = self._timeline()
        self.assertNotIn("Other Org Worker", self._rows(data))
        self.assertNotIn("Other org session", [bar["name"] for bar in data["sessions"]])

    def test_a_period_that_ends_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(UserError, "ends after it starts"):
            self.env["dex.session"].get_worker_timeline([], WEEK[1], WEEK[0])


class TestTimelineQueries(TimelineCase):
    """A week of the timeline costs the same queries for 2 workers or 40."""

    def _fill(self, workers, sessions):
        employees = (
            self.env["hr.employee"]
            .sudo()
            .create(
                [
                    {"name": f"Load Worker {i:02d}", "department_id": self.kitchen.id}
                    for i in range(workers)
                ]
            )
        )
        monday = datetime(2026, 3, 2, 8, 0)
        vals_list = []
        for i in range(sessions):
            start = monday + timedelta(days=i % 7, hours=i % 9)
            pair = employees[i % workers] | employees[(i + 1) % workers]
            vals_list.append(
                self._session_vals(
                    name=f"Load session {i}",
                    start=start,
                    stop=start + timedelta(hours=1),
                    worker_ids=[(6, 0, pair.ids)],
                    state="rostered" if i % 2 else "draft",
                    service_ids=[],
                )
            )
        self.env["dex.session"].sudo().with_context(tracking_disable=True).create(
            vals_list
        )
        for employee in employees[:10]:
            self.env["resource.calendar.leaves"].sudo().create(
                {
                    "name": "Leave",
                    "resource_id": employee.resource_id.id,
                    "date_from": datetime(2026, 3, 5, 0, 0),
                    "date_to": datetime(2026, 3, 6, 0, 0),
                }
            )

    def _read_week(self, expected=None):
        domain = [("worker_department_ids", "child_of", self.kitchen.id)]
        self.env.flush_all()
        self.env.invalidate_all()
        guard = self.assertQueryCount(dex_user=expected) if expected else nullcontext()
        with guard:
            data = self._timeline(domain)
        return data

    @users("dex_user")
    def test_a_week_of_40_workers_and_400_sessions_costs_a_fixed_query_count(self):
        # measured on Odoo 18.0 CE, with and without demo data
        self._fill(workers=2, sessions=4)
        self._read_week()  # warms the caches (rules, views...)
        small = self._read_week(expected=12)
        self._fill(workers=40, sessions=400)
        large = self._read_week(expected=12)
        self.assertGreater(len(large["rows"]), 40)
        self.assertGreater(len(large["sessions"]), 400)
        self.assertGreater(len(large["leaves"]), 10)
        self.assertLess(len(small["sessions"]), len(large["sessions"]))
