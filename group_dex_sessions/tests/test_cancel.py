from odoo.exceptions import UserError
from odoo.tests import Form, users

from .common import DexSessionsCase


class TestCancel(DexSessionsCase):
    """Cancelling one session or the rest of a series, always with a reason."""

    def _cancel_form(self, session):
        action = session.action_cancel()
        self.assertEqual(action["res_model"], "dex.session.cancel")
        return Form(self.env[action["res_model"]].with_context(**action["context"]))

    @users("dex_user")
    def test_cancel_one_occurrence(self):
        sessions = self._create_series(rostered=True, unit="week", count=3)
        event = sessions[1].calendar_event_id
        form = self._cancel_form(sessions[1])
        self.assertEqual(form.scope, "self_only")
        form.reason = "Venue unavailable"
        form.save().action_cancel_sessions()
        self.assertEqual(
            sessions.mapped("state"), ["rostered", "cancelled", "rostered"]
        )
        self.assertEqual(sessions[1].cancel_reason, "Venue unavailable")
        self.assertFalse(event.exists())
        self.assertTrue(sessions[2].calendar_event_id)

    @users("dex_user")
    def test_cancel_the_rest_of_a_series(self):
        sessions = self._create_series(unit="week", count=4)
        sessions[3].state = "completed"  # would not be cancelled anyway
        form = self._cancel_form(sessions[1])
        form.scope = "future"
        form.reason = "Program ended"
        self.assertEqual(form.session_count, 2)
        form.save().action_cancel_sessions()
        self.assertEqual(
            sessions.mapped("state"), ["draft", "cancelled", "cancelled", "completed"]
        )
        self.assertEqual(set(sessions[1:3].mapped("cancel_reason")), {"Program ended"})

    @users("dex_user")
    def test_reason_is_required(self):
        session = self.env["dex.session"].create(self._session_vals())
        form = self._cancel_form(session)
        with self.assertRaisesRegex(AssertionError, "reason"):
            form.save()
        with self.assertRefused(UserError, "Give a reason"):
            session._cancel("   ")
        self.assertEqual(session.state, "draft")

    @users("dex_user")
    def test_completed_sessions_are_never_cancelled(self):
        session = self.env["dex.session"].create(self._session_vals())
        session.state = "completed"
        with self.assertRefused(UserError, "a completed session cannot be cancelled"):
            session.action_cancel()
        with self.assertRefused(UserError, "a completed session cannot be cancelled"):
            session._cancel("Too late")
        self.assertEqual(session.state, "completed")
