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
    def test_a_completed_session_is_cancelled_only_before_it_went_to_dex(self):
        session = self.env["dex.session"].create(self._session_vals())
        session.sudo().write({"state": "completed"})
        # it did not take place after all: cancelling takes its records back
        session._cancel("Entered by mistake")
        self.assertEqual(session.state, "cancelled")
        sent = self.env["dex.session"].create(self._session_vals())
        sent.sudo().write({"state": "completed"})
        extract = (
            self.env["dex.extract"]
            .sudo()
            .create({"outlet_activity_ids": [(6, 0, self.outlet.ids)]})
        )
        self.env["dex.service.delivery"].sudo().create(
            {
                "session_id": sent.id,
                "session_service_id": sent.service_ids[0].id,
                "service_id": self.service.id,
                "partner_id": self.clients[0].id,
                "date": "2026-03-03",
                "company_id": self.env.company.id,
                "state": "extracted",
                "extract_id": extract.id,
            }
        )
        with self.assertRefused(UserError, "went to DEX, so it is not cancelled here"):
            sent.action_cancel()
        with self.assertRefused(UserError, "remove it in the DEX portal"):
            sent._cancel("Too late")
        self.assertEqual(sent.state, "completed")
        with self.assertRefused(UserError, "is never deleted: archive it"):
            sent.unlink()
        sent.action_archive()
        self.assertFalse(sent.active)
