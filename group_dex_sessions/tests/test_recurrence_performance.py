import logging
from contextlib import nullcontext
from datetime import datetime

from odoo.tests import new_test_user, users

from .common import DexSessionsCase

_logger = logging.getLogger(__name__)


class TestRecurrencePerformance(DexSessionsCase):
    """A series costs a constant number of queries per session.

    Weekly series with 15 clients, 2 workers (both with users, so each session
    gets a calendar event) and 2 planned services of 15 clients each. The cost
    of 52 sessions minus the cost of 4 is 48 times a per-session constant,
    which is in fact about zero: sessions, their planned services, clients,
    calendar events and attendees are all created in batches, and nothing runs
    a query per session, client or service line.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many_clients = cls.env["res.partner"].create(
            [{"name": f"Perf Client {i}"} for i in range(15)]
        )
        cls.workers[1].user_id = new_test_user(
            cls.env, login="worker_two", groups="base.group_user"
        )
        cls.second_service = cls.env["dex.service"].create(
            {
                "name": "Transport",
                "category_id": cls.category.id,
                "service_type_id": cls.service_type.id,
                "time_minutes": 30,
            }
        )

    def _wizard(self, count, start):
        line = {
            "category_id": self.category.id,
            "client_ids": [(6, 0, self.many_clients.ids)],
        }
        return self.env["dex.session.create"].create(
            self._wizard_vals(
                start=start,
                stop=start.replace(hour=start.hour + 2),
                client_ids=[(6, 0, self.many_clients.ids)],
                worker_ids=[(6, 0, self.workers.ids)],
                worker_count_required=2,
                line_ids=[
                    (0, 0, dict(line, service_id=self.service.id)),
                    (0, 0, dict(line, service_id=self.second_service.id)),
                ],
                recurrence=True,
                recurrence_unit="week",
                recurrence_end="count",
                recurrence_count=count,
            )
        )

    def _queries(self, count, start, method, ceiling=None):
        wizard = self._wizard(count, start)
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        guard = self.assertQueryCount(dex_user=ceiling) if ceiling else nullcontext()
        with guard:
            before = self.env.cr.sql_log_count
            getattr(wizard, method)()
            self.env.flush_all()
            self.env.cr.flush()  # and the chatter's tracking, written at commit
            queries = self.env.cr.sql_log_count - before
        sessions = self._last_series().session_ids
        self.assertEqual(len(sessions), count)
        self.assertEqual(len(sessions.service_ids), 2 * count)
        self.assertEqual(len(sessions.service_ids.client_ids), 15)
        if method == "action_save_and_roster":
            self.assertEqual(len(sessions.calendar_event_id.attendee_ids), 2 * count)
        return queries

    def _assert_constant_per_session(self, method, ceiling):
        # a first series warms the caches (views, xml ids, ...); then, in years
        # of their own so no worker is double-booked, 4 and 52 sessions
        self._queries(2, datetime(2026, 6, 1, 0, 0), method)
        q4 = self._queries(4, datetime(2027, 6, 1, 0, 0), method)
        q52 = self._queries(52, datetime(2029, 1, 1, 0, 0), method, ceiling)
        _logger.info(
            "%s: 4 sessions %s queries, 52 sessions %s queries, %.2f per session",
            method,
            q4,
            q52,
            (q52 - q4) / 48,
        )
        # measured on Odoo 18.0: save 43 -> 50, save and roster 61 -> 71 (the
        # attendance lines of every session cost 8 queries per save); allow
        # a quarter of a query per session (batch splits), far below one
        self.assertLessEqual(q52 - q4, 48 // 4)
        return q4, q52

    @users("dex_user")
    def test_save_series_constant_queries_per_session(self):
        # fixed ceiling as measured on Odoo 18.0 CE, with and without demo data
        self._assert_constant_per_session("action_save", ceiling=50)

    @users("dex_user")
    def test_save_and_roster_series_constant_queries_per_session(self):
        self._assert_constant_per_session("action_save_and_roster", ceiling=71)
