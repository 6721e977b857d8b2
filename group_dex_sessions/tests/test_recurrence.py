from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, users

from .common import DexSessionsCase

SYDNEY = ZoneInfo("Australia/Sydney")


def utc(*local):
    """Naive UTC of a Sydney wall time, as Odoo stores datetimes."""
    aware = datetime(*local, tzinfo=SYDNEY)
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def local(value):
    return value.replace(tzinfo=timezone.utc).astimezone(SYDNEY).replace(tzinfo=None)


class TestRecurrence(DexSessionsCase):
    """Series created from the wizard's Finalise step, and edits of a series."""

    def _series(self, start, stop, rostered=False, **recurrence):
        return self._create_series(
            rostered=rostered,
            wizard_vals={"start": utc(*start), "stop": utc(*stop)},
            **recurrence,
        )

    def _local_starts(self, sessions):
        return [local(session.start) for session in sessions]

    @users("dex_user")
    def test_weekly_monday_and_wednesday_by_count(self):
        sessions = self._series(
            (2026, 3, 2, 10, 0),
            (2026, 3, 2, 12, 0),
            unit="week",
            weekdays="0,2",
            count=6,
        )
        self.assertEqual(
            [start.date() for start in self._local_starts(sessions)],
            [date(2026, 3, d) for d in (2, 4, 9, 11, 16, 18)],
        )
        series = sessions.recurrence_id
        self.assertEqual(len(series), 1)
        self.assertEqual(series.session_count, 6)
        self.assertEqual(series.tz, "Australia/Sydney")
        self.assertEqual(series.recurrence_weekdays, "0,2")
        for session in sessions:
            self.assertEqual(local(session.start).time(), datetime(1, 1, 1, 10).time())
            self.assertEqual(local(session.stop).time(), datetime(1, 1, 1, 12).time())
            self.assertEqual(session.client_ids, self.clients)
            self.assertEqual(session.worker_ids, self.workers[0])
            self.assertEqual(session.service_type_ids, self.service_type)
            self.assertEqual(session.service_ids.service_id, self.service)
            self.assertEqual(session.service_ids.client_ids, self.clients)
            self.assertEqual(session.state, "draft")
        # each occurrence has its own planned services
        self.assertEqual(len(sessions.service_ids), 6)

    @users("dex_user")
    def test_monthly_by_date_and_by_weekday(self):
        by_date = self._series(
            (2026, 1, 31, 10, 0),
            (2026, 1, 31, 11, 0),
            unit="month",
            month_by="date",
            count=4,
        )
        # months without a 31st are skipped (the core's documented rule)
        self.assertEqual(
            [start.date() for start in self._local_starts(by_date)],
            [
                date(2026, 1, 31),
                date(2026, 3, 31),
                date(2026, 5, 31),
                date(2026, 7, 31),
            ],
        )
        # the third Tuesday of each month
        by_weekday = self._series(
            (2026, 3, 17, 10, 0),
            (2026, 3, 17, 11, 0),
            unit="month",
            month_by="weekday",
            count=3,
        )
        self.assertEqual(
            [start.date() for start in self._local_starts(by_weekday)],
            [date(2026, 3, 17), date(2026, 4, 21), date(2026, 5, 19)],
        )

    @users("dex_user")
    def test_fortnightly_until_a_date(self):
        sessions = self._series(
            (2026, 3, 3, 10, 0),
            (2026, 3, 3, 12, 0),
            unit="fortnight",
            end="until",
            until=date(2026, 4, 28),
        )
        self.assertEqual(
            [start.date() for start in self._local_starts(sessions)],
            [date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 31)]
            + [date(2026, 4, 14), date(2026, 4, 28)],
        )

    @users("dex_user")
    def test_weekly_10am_stays_10am_across_the_end_of_daylight_saving(self):
        # Sydney leaves daylight saving on Sunday 5 April 2026
        sessions = self._series(
            (2026, 3, 24, 10, 0), (2026, 3, 24, 12, 0), unit="week", count=4
        )
        self.assertEqual(
            self._local_starts(sessions),
            [
                datetime(2026, m, d, 10, 0)
                for m, d in ((3, 24), (3, 31), (4, 7), (4, 14))
            ],
        )
        # in UTC the April sessions are an hour later
        self.assertEqual(sessions[1].start, datetime(2026, 3, 30, 23, 0))
        self.assertEqual(sessions[2].start, datetime(2026, 4, 7, 0, 0))

    @users("dex_user")
    def test_limit_and_bad_rules_are_refused_with_the_core_message(self):
        wizard = self.env["dex.session.create"].create(
            self._wizard_vals(
                recurrence=True,
                recurrence_unit="day",
                recurrence_end="count",
                recurrence_count=521,
            )
        )
        before = self.env["dex.session"].search_count([])
        with self.assertRefused(
            UserError, "would create 521 sessions; the limit is 520"
        ):
            wizard.action_save()
        wizard.recurrence_unit = "week"
        wizard.recurrence_weekdays = "Mon"
        with self.assertRefused(UserError, "'Mon' is not a number"):
            wizard.action_save()
        self.assertEqual(self.env["dex.session"].search_count([]), before)
        # the ORM helper itself raises the core's message as a ValidationError
        with self.assertRefused(ValidationError, "'Mon' is not a number"):
            wizard._get_recurrence_rule()

    # --- editing a series ------------------------------------------------------

    def _weekly_four(self, rostered=False):
        return self._series(
            (2026, 3, 24, 10, 0),
            (2026, 3, 24, 12, 0),
            rostered=rostered,
            unit="week",
            count=4,
        )

    @users("dex_user")
    def test_edit_this_session_only(self):
        sessions = self._weekly_four()
        with Form(sessions[1]) as form:
            self.assertEqual(form.recurrence_update, "self_only")
            form.name = "Baking group"
        self.assertEqual(
            sessions.mapped("name"),
            ["Cooking group", "Baking group", "Cooking group", "Cooking group"],
        )

    @users("dex_user")
    def test_edit_this_and_following_moves_in_local_time(self):
        sessions = self._weekly_four()
        sessions[2].state = "completed"
        with Form(sessions[1]) as form:
            form.recurrence_update = "future"
            form.name = "Baking group"
            form.start = utc(2026, 3, 31, 11, 0)
            form.stop = utc(2026, 3, 31, 13, 30)
            form.worker_ids.add(self.workers[1])
        first, second, completed, last = sessions
        self.assertEqual(first.name, "Cooking group")
        self.assertEqual(local(first.start), datetime(2026, 3, 24, 10, 0))
        self.assertEqual(first.worker_ids, self.workers[0])
        for session in (second, last):
            self.assertEqual(session.name, "Baking group")
            self.assertEqual(session.worker_ids, self.workers)
        self.assertEqual(local(second.start), datetime(2026, 3, 31, 11, 0))
        # after daylight saving ends: still 11:00-13:30 on its own day
        self.assertEqual(local(last.start), datetime(2026, 4, 14, 11, 0))
        self.assertEqual(local(last.stop), datetime(2026, 4, 14, 13, 30))
        # the completed session is never rewritten, and the chatter says so
        self.assertEqual(completed.name, "Cooking group")
        self.assertEqual(local(completed.start), datetime(2026, 4, 7, 10, 0))
        self.assertEqual(completed.worker_ids, self.workers[0])
        self.assertIn(
            "Completed sessions are never rewritten",
            second.message_ids[:1].body,
        )

    @users("dex_user")
    def test_edit_all_sessions(self):
        sessions = self._weekly_four()
        sessions.service_ids.client_ids = self.clients[:2]
        sessions[0].state = "completed"
        sessions[3]._cancel("Public holiday")
        sessions[2].write(
            {
                "recurrence_update": "all_sessions",
                "name": "Baking group",
                "location_type": "online",
                "online_details": "https://meet.example.org/baking",
                "client_ids": [(3, self.clients[2].id)],
            }
        )
        self.assertEqual(
            sessions.mapped("name"),
            ["Cooking group", "Baking group", "Baking group", "Cooking group"],
        )
        self.assertEqual(sessions[1].client_ids, self.clients[:2])
        self.assertEqual(
            sessions[1].location_display, "https://meet.example.org/baking"
        )
        self.assertEqual(sessions[0].client_ids, self.clients, "completed: untouched")
        self.assertEqual(sessions[3].client_ids, self.clients, "cancelled: untouched")

    @users("dex_user")
    def test_scoped_edit_of_a_completed_session_is_refused(self):
        sessions = self._weekly_four()
        sessions[1].state = "completed"
        with self.assertRefused(UserError, "is completed: a completed session is"):
            sessions[1].write({"recurrence_update": "future", "name": "Renamed"})
        self.assertEqual(set(sessions.mapped("name")), {"Cooking group"})

    def test_series_are_separated_per_company(self):
        sessions = self._weekly_four()
        series = sessions.recurrence_id
        self.assertEqual(series.company_id, self.company)
        as_other = self.env["dex.session.recurrence"].with_user(self.other_user)
        self.assertFalse(as_other.search([("id", "=", series.id)]))
        with self.assertRaises(AccessError):
            as_other.browse(series.id).read(["name"])
