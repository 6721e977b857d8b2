from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import users
from odoo.tools import mute_logger

from .common import DexSessionsCase


class TestSession(DexSessionsCase):
    """The session record enforces the same rules as the wizard, whoever writes it."""

    @users("dex_user")
    def test_session_with_planned_service_in_one_create(self):
        session = self.env["dex.session"].create(self._session_vals())
        self.assertEqual(session.state, "draft")
        self.assertEqual(session.service_ids.client_ids, self.clients)
        self.assertEqual(session.service_ids.time_minutes, 90)
        self.assertEqual(session.location_display, "Community Hall")
        self.assertEqual(session.company_id, self.env.company)

    @users("dex_user")
    def test_constraints_refuse_bad_sessions(self):
        cases = {
            "ends before it starts": {"stop": self.start},
            "at least one client": {"client_ids": [(5,)], "service_ids": []},
            "choose its DEX Service Setting": {"service_setting_id": False},
            "enter the address": {"location_type": "other"},
            "has no clients": {
                "service_ids": [
                    (
                        0,
                        0,
                        {
                            "category_id": self.category.id,
                            "service_id": self.service.id,
                        },
                    )
                ]
            },
        }
        for message, overrides in cases.items():
            with (
                self.subTest(message=message),
                self.assertRefused(ValidationError, message),
            ):
                self.env["dex.session"].create(self._session_vals(**overrides))

    @users("dex_user")
    def test_removing_an_attendee_who_receives_a_service_is_refused(self):
        session = self.env["dex.session"].create(self._session_vals())
        with self.assertRefused(ValidationError, "who is not an attendee"):
            session.client_ids = self.clients[1:]
        with self.assertRefused(ValidationError, "who is not an attendee"):
            session.service_ids.client_ids |= self.stranger

    @users("dex_user")
    def test_negative_values_refused_by_the_planned_service(self):
        session = self.env["dex.session"].create(self._session_vals())
        with self.assertRefused(ValidationError, "contribution cannot be negative"):
            session.service_ids.client_contribution = -0.01
        with self.assertRefused(ValidationError, "minutes cannot be negative"):
            session.service_ids.time_minutes = -1
        with self.assertRefused(ValidationError, "choose a travel area"):
            session.service_ids.travel_chargeable = True

    def test_database_refuses_negative_minutes_even_without_the_orm_checks(self):
        session = self.env["dex.session"].create(self._session_vals())
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE dex_session_service SET time_minutes = -1 WHERE id = %s",
                    [session.service_ids.id],
                )

    @users("dex_user")
    def test_roster_needs_required_workers(self):
        session = self.env["dex.session"].create(
            self._session_vals(worker_count_required=2)
        )
        with self.assertRefused(ValidationError, "needs 2 workers but has 1"):
            session.action_roster()
        session.worker_ids |= self.workers[1]
        session.action_roster()
        self.assertEqual(session.state, "rostered")
        with self.assertRefused(ValidationError, "needs 2 workers but has 1"):
            session.worker_ids = self.workers[0]
        with self.assertRefused(UserError, "Only draft sessions"):
            session.action_roster()

    @users("dex_user")
    def test_cancel_and_back_to_draft(self):
        session = self.env["dex.session"].create(self._session_vals())
        session._cancel("Venue flooded")
        self.assertEqual(session.state, "cancelled")
        self.assertEqual(session.calendar_color, 1)
        session.action_reset_to_draft()
        self.assertEqual(session.state, "draft")

    @users("dex_user")
    def test_state_changes_are_tracked_in_the_chatter(self):
        session = self.env["dex.session"].create(self._session_vals())
        self.env.flush_all()
        self.env.cr.flush()  # tracking values are written at commit (precommit)
        session.action_roster()
        self.env.flush_all()
        self.env.cr.flush()
        # the chatter reads tracking values with sudo, like this
        tracked = session.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        self.assertEqual(tracked.old_value_char, "Draft")
        self.assertEqual(tracked.new_value_char, "Rostered")

    @users("dex_user")
    def test_clients_without_dex_client_id_are_flagged(self):
        id_type = self.env.ref("group_dex_sessions.dex_identifier_type_client_id")
        self.env["dex.partner.identifier"].create(
            {"partner_id": self.clients[0].id, "type_id": id_type.id, "name": "CL-1"}
        )
        session = self.env["dex.session"].create(self._session_vals())
        self.assertEqual(session.unreported_client_ids, self.clients[1:])
