from datetime import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import users

from .test_extract import ExtractCase
from .test_timeline import TimelineCase

# "dropped in the row it came from"
SAME_ROW = object()


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute)


class TestTimelineMove(TimelineCase):
    """Dragging a session in the worker timeline: the checks of an edit apply."""

    def _set_policy(self, policy):
        self.env.company.sudo().dex_roster_conflict_policy = policy

    def _move(self, session, start, stop, from_worker, to_worker=SAME_ROW, **kw):
        from_id = from_worker.id if from_worker else False
        if to_worker is SAME_ROW:
            to_id = from_id
        else:
            to_id = to_worker.id if to_worker else False
        return session.timeline_move(
            start, stop, from_worker_id=from_id, to_worker_id=to_id, **kw
        )

    @users("dex_user")
    def test_along_the_row_moves_the_session_and_the_workers_calendar(self):
        session = self._session()
        session.action_roster()
        result = self._move(session, at(3, 13), at(3, 15), self.workers[0])
        self.assertIs(result, True)
        self.assertEqual((session.start, session.stop), (at(3, 13), at(3, 15)))
        self.assertEqual(session.calendar_event_id.start, at(3, 13))
        self.assertEqual(session.worker_ids, self.workers[0])

    @users("dex_user")
    def test_to_another_row_hands_the_session_over(self):
        session = self._session(worker_ids=[(6, 0, self.workers.ids)])
        self._move(session, at(3, 9), at(3, 11), self.workers[1], self.worker_3)
        self.assertEqual(session.worker_ids, self.workers[0] | self.worker_3)
        self.assertEqual(session.start, at(3, 9), "dropped at the same time")
        nobody = self._session(worker_ids=[(5, 0, 0)], worker_count_required=0)
        self._move(nobody, at(3, 12), at(3, 13), None, self.workers[1])
        self.assertEqual(nobody.worker_ids, self.workers[1])

    @users("dex_user")
    def test_a_worker_who_is_already_on_it_is_refused(self):
        session = self._session(worker_ids=[(6, 0, self.workers.ids)])
        with self.assertRefused(UserError, "Test Worker 2 already works on"):
            self._move(session, at(3, 9), at(3, 11), self.workers[0], self.workers[1])
        with self.assertRefused(UserError, "Test Worker 3 no longer works on"):
            self._move(session, at(3, 9), at(3, 11), self.worker_3, self.coordinator)
        self.assertEqual(session.worker_ids, self.workers)

    @users("dex_user")
    def test_the_rules_of_the_session_still_hold(self):
        session = self._session(worker_count_required=1)
        session.action_roster()
        with self.assertRefused(ValidationError, "needs 1 workers but has 0"):
            self._move(session, at(3, 9), at(3, 11), self.workers[0], None)
        with self.assertRefused(ValidationError, "ends before it starts"):
            self._move(session, at(3, 11), at(3, 9), self.workers[0])

    @users("dex_user")
    def test_a_double_booking_warns_or_blocks_as_rostering_does(self):
        self._session(
            name="Morning tea", worker_ids=[(6, 0, self.workers[1].ids)]
        ).action_roster()
        session = self._session(start=at(3, 13), stop=at(3, 14))
        session.action_roster()
        self._set_policy("block")
        with self.assertRefused(UserError, "Test Worker 2 is already rostered on"):
            self._move(session, at(3, 10), at(3, 11), self.workers[0], self.workers[1])
        self.assertEqual(session.worker_ids, self.workers[0], "nothing moved")
        self.assertEqual(session.start, at(3, 13))
        self._set_policy("warn")
        action = self._move(
            session, at(3, 10), at(3, 11), self.workers[0], self.workers[1]
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["title"], "Moved despite roster conflicts")
        self.assertIn(
            "Test Worker 2 is already rostered on Morning tea",
            action["params"]["message"],
        )
        self.assertEqual(session.worker_ids, self.workers[1], "moved all the same")
        self.assertIn("Rostered although", session.message_ids[:1].body)

    @users("dex_user")
    def test_time_off_blocks_a_move_onto_it(self):
        self._set_policy("block")
        self.env["resource.calendar.leaves"].sudo().create(
            {
                "name": "Annual leave",
                "resource_id": self.workers[0].resource_id.id,
                "date_from": at(4, 0),
                "date_to": at(5, 0),
            }
        )
        session = self._session()
        session.action_roster()
        with self.assertRefused(UserError, "Test Worker 1 is on time off from"):
            self._move(session, at(4, 9), at(4, 11), self.workers[0])
        draft = self._session(name="Planning only")
        self.assertIs(
            self._move(draft, at(4, 9), at(4, 11), self.workers[0]),
            True,
            "a draft is checked when it is rostered, not before",
        )

    @users("dex_user")
    def test_a_series_needs_the_this_following_or_all_choice(self):
        sessions = self._create_series(rostered=True, unit="week", count=3)
        first, second, third = sessions
        with self.assertRefused(UserError, "is part of a series: choose"):
            self._move(second, at(10, 13), at(10, 15), self.workers[0])
        self._move(
            second, at(10, 13), at(10, 15), self.workers[0], recurrence_update="future"
        )
        self.assertEqual(first.start, at(3, 9), "before it: unchanged")
        self.assertEqual(second.start, at(10, 13))
        self.assertEqual(third.start, at(17, 13), "following: moved the same")
        self._move(
            first,
            at(3, 9),
            at(3, 11),
            self.workers[0],
            self.workers[1],
            recurrence_update="all_sessions",
        )
        self.assertEqual(sessions.worker_ids, self.workers[1], "all handed over")
        self._move(
            third, at(17, 8), at(17, 10), self.workers[1], recurrence_update="self_only"
        )
        self.assertEqual(third.start, at(17, 8))
        self.assertEqual(second.start, at(10, 13), "only that session")

    @users("dex_user")
    def test_conflicts_are_checked_on_every_session_the_series_move_changes(self):
        self._set_policy("block")
        self._session(
            name="Morning tea",
            worker_ids=[(6, 0, self.workers[1].ids)],
            start=at(17, 9),
            stop=at(17, 10),
        ).action_roster()
        first, _second, third = self._create_series(rostered=True, unit="week", count=3)
        with self.assertRefused(UserError, "already rostered on Morning tea"):
            self._move(
                first,
                at(3, 9),
                at(3, 11),
                self.workers[0],
                self.workers[1],
                recurrence_update="all_sessions",
            )
        self.assertEqual(third.worker_ids, self.workers[0])


class TestTimelineMoveLocked(ExtractCase):
    @users("dex_manager")
    def test_a_session_that_went_to_dex_does_not_move(self):
        session = self._completed_session()
        extract = self._extract()
        extract.action_collect()
        extract.action_download()
        with self.assertRefused(UserError, "already went to DEX"):
            session.timeline_move(
                at(3, 13),
                at(3, 15),
                from_worker_id=self.workers[0].id,
                to_worker_id=self.workers[0].id,
            )
        self.assertEqual(session.start, at(3, 9))
