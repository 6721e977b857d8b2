from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, users

from .common import DexSessionsCase


class TestRoster(DexSessionsCase):
    """Rostered sessions on the workers' Odoo calendars, and roster conflicts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.worker_user_2 = new_test_user(
            cls.env, login="worker_three", groups="base.group_user", name="Worker 3"
        )
        cls.worker_3 = cls.env["hr.employee"].create(
            {"name": "Test Worker 3", "user_id": cls.worker_user_2.id}
        )
        for i, client in enumerate(cls.clients):
            client.email = f"client{i}@example.org"

    def _session(self, **overrides):
        return self.env["dex.session"].create(self._session_vals(**overrides))

    def _client_mail_count(self):
        """Mails, notifications and messages addressed to any client."""
        clients = self.clients.ids
        return (
            self.env["mail.mail"].sudo().search_count([])
            + self.env["mail.notification"]
            .sudo()
            .search_count([("res_partner_id", "in", clients)])
            + self.env["mail.message"]
            .sudo()
            .search_count([("partner_ids", "in", clients)])
        )

    @users("dex_user")
    def test_roster_puts_the_session_on_worker_users_calendars_only(self):
        mails = self._client_mail_count()
        session = self._session(worker_ids=[(6, 0, self.workers.ids)])
        self.assertFalse(session.calendar_event_id, "drafts are on nobody's calendar")
        self.assertIs(session.action_roster(), True)
        event = session.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.partner_ids, self.worker_user.partner_id)
        self.assertFalse(event.partner_ids & self.clients, "clients never attend")
        self.assertEqual(event.user_id, self.worker_user)
        self.assertEqual((event.start, event.stop), (session.start, session.stop))
        self.assertEqual(event.name, "Cooking group")
        self.assertEqual(event.location, "Community Hall")
        self.assertEqual((event.res_model, event.res_id), ("dex.session", session.id))
        # the worker without a user is named in the chatter
        self.assertIn(
            "Not on the calendar of Test Worker 2: no Odoo user",
            session.message_ids[:1].body,
        )
        self.assertEqual(self._client_mail_count(), mails, "nobody is e-mailed")

    @users("dex_user")
    def test_event_follows_times_workers_and_name(self):
        session = self._session()
        session.action_roster()
        # the planner is no attendee: the workers' event is private to them
        session.calendar_event_id.invalidate_recordset()
        self.assertEqual(session.calendar_event_id.name, "Busy")
        self.assertFalse(session.calendar_event_id.location)
        event = session.calendar_event_id.sudo()
        mails = self._client_mail_count()
        with Form(session) as form:
            form.start = datetime(2026, 3, 4, 9, 0)
            form.stop = datetime(2026, 3, 4, 10, 30)
            form.name = "Cooking group (moved)"
        self.assertEqual(event.start, datetime(2026, 3, 4, 9, 0))
        self.assertEqual(event.stop, datetime(2026, 3, 4, 10, 30))
        self.assertEqual(event.name, "Cooking group (moved)")
        session.worker_ids = self.worker_3 | self.workers[0]
        self.assertEqual(
            event.partner_ids, (self.worker_user | self.worker_user_2).partner_id
        )
        session.worker_ids = self.worker_3
        self.assertEqual(event.partner_ids, self.worker_user_2.partner_id)
        self.assertEqual(event.user_id, self.worker_user_2, "the lead worker organises")
        self.assertEqual(self._client_mail_count(), mails)
        # no worker with a user left: off every calendar
        session.worker_ids = self.workers[1]
        self.assertFalse(event.exists())
        self.assertFalse(session.calendar_event_id)

    @users("dex_user")
    def test_event_removed_on_cancel_and_on_back_to_draft(self):
        session = self._session()
        session.action_roster()
        event = session.calendar_event_id
        session.action_reset_to_draft()
        self.assertFalse(event.exists())
        session.action_roster()
        event = session.calendar_event_id
        self.assertTrue(event)
        session._cancel("Venue flooded")
        self.assertFalse(event.exists())
        self.assertFalse(session.calendar_event_id)

    @users("dex_user")
    def test_save_and_roster_a_series_puts_each_session_on_the_calendar(self):
        mails = self._client_mail_count()
        sessions = self._create_series(rostered=True, unit="week", count=3)
        self.assertEqual(set(sessions.mapped("state")), {"rostered"})
        events = sessions.calendar_event_id
        self.assertEqual(len(events), 3)
        self.assertEqual(events.partner_ids, self.worker_user.partner_id)
        self.assertEqual(
            sorted(events.mapped("start")), sorted(sessions.mapped("start"))
        )
        self.assertEqual(self._client_mail_count(), mails)
        # "this and following" moves the events with the sessions
        sessions[1].write(
            {
                "recurrence_update": "future",
                "start": datetime(2026, 3, 10, 10, 0),
                "stop": datetime(2026, 3, 10, 12, 0),
            }
        )
        self.assertEqual(sessions[2].calendar_event_id.start.hour, 10)
        self.assertEqual(sessions[0].calendar_event_id.start.hour, 9)

    # --- conflicts --------------------------------------------------------------

    def _set_policy(self, policy):
        self.env.company.sudo().dex_roster_conflict_policy = policy

    @users("dex_user")
    def test_double_booking_warns(self):
        self._session(name="Morning tea").action_roster()
        overlapping = self._session(
            start=datetime(2026, 3, 3, 10, 0), stop=datetime(2026, 3, 3, 12, 0)
        )
        action = overlapping.action_roster()
        self.assertEqual(action["tag"], "display_notification")
        self.assertTrue(action["params"]["sticky"])
        self.assertIn(
            "Test Worker 1 is already rostered on Morning tea",
            action["params"]["message"],
        )
        self.assertEqual(overlapping.state, "rostered")
        self.assertTrue(overlapping.calendar_event_id)
        self.assertIn("Rostered although", overlapping.message_ids[:1].body)
        activity = overlapping.activity_ids
        self.assertEqual(activity.user_id, self.env.user)
        self.assertIn("Morning tea", activity.note)
        # back to back is not a clash
        after = self._session(
            start=datetime(2026, 3, 3, 12, 0), stop=datetime(2026, 3, 3, 13, 0)
        )
        self.assertIs(after.action_roster(), True)

    @users("dex_user")
    def test_double_booking_blocks_per_company_setting(self):
        self._set_policy("block")
        self._session(name="Morning tea").action_roster()
        overlapping = self._session(
            start=datetime(2026, 3, 3, 10, 0), stop=datetime(2026, 3, 3, 12, 0)
        )
        with self.assertRefused(
            UserError, "Test Worker 1 is already rostered on Morning tea"
        ):
            overlapping.action_roster()
        self.assertEqual(overlapping.state, "draft")
        self.assertFalse(overlapping.calendar_event_id)

    def _time_off(self, **vals):
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "date_from": datetime(2026, 3, 2, 0, 0),
                "date_to": datetime(2026, 3, 6, 0, 0),
                **vals,
            }
        )

    def test_time_off_warns_then_blocks(self):
        self._time_off(resource_id=self.workers[0].resource_id.id)
        session = self._session().with_user(self.dex_user)
        action = session.action_roster()
        message = action["params"]["message"]
        self.assertIn("Test Worker 1 is on time off from", message)
        self.assertNotIn(
            "Annual leave", message, "a personal leave's reason is private"
        )
        self.assertEqual(session.state, "rostered")
        self._set_policy("block")
        other = self._session(name="Other").with_user(self.dex_user)
        with self.assertRefused(UserError, "Test Worker 1 is on time off from"):
            other.action_roster()
        # another worker's leave is no concern of this session's worker
        other.worker_ids = self.worker_3
        self.assertIs(other.action_roster(), True)

    def test_public_holiday_on_the_workers_calendar_blocks(self):
        self._set_policy("block")
        self._time_off(
            name="Labour Day",
            resource_id=False,
            calendar_id=self.workers[0].resource_calendar_id.id,
        )
        session = self._session().with_user(self.dex_user)
        with self.assertRefused(UserError, "on time off \\(Labour Day\\)"):
            session.action_roster()

    @users("dex_user")
    def test_too_few_workers_blocks_even_when_warning(self):
        session = self._session(worker_count_required=2)
        with self.assertRefused(ValidationError, "needs 2 workers but has 1"):
            session.action_roster()
        self.assertFalse(session.calendar_event_id)
