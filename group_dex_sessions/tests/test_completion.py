from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, users

from .common import DexSessionsCase


class CompletionCase(DexSessionsCase):
    """A rostered session: 3 clients, 2 planned services, 1 worker with a user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.worker_user = new_test_user(
            cls.env,
            login="dex_worker",
            groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
        )
        cls.worker_user2 = new_test_user(
            cls.env,
            login="dex_worker2",
            groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
        )
        cls.workers[0].user_id = cls.worker_user
        cls.workers[1].user_id = cls.worker_user2
        cls.id_type = cls.env.ref("group_dex_sessions.dex_identifier_type_client_id")
        cls.env["dex.partner.identifier"].create(
            [
                {"partner_id": client.id, "type_id": cls.id_type.id, "name": f"CL-{i}"}
                for i, client in enumerate(cls.clients[:2])
            ]
        )
        cls.service_phone = cls.env["dex.service"].create(
            {
                "name": "Phone follow-up",
                "category_id": cls.category.id,
                "time_minutes": 15,
            }
        )

    def _session(self, clients=None, **overrides):
        clients = clients or self.clients
        vals = self._session_vals(
            client_ids=[(6, 0, clients.ids)],
            service_ids=[
                (
                    0,
                    0,
                    {
                        "category_id": self.category.id,
                        "service_id": self.service.id,
                        "client_ids": [(6, 0, clients.ids)],
                    },
                ),
                (
                    0,
                    0,
                    {
                        "category_id": self.category.id,
                        "service_id": self.service_phone.id,
                        "client_ids": [(6, 0, clients[:2].ids)],
                    },
                ),
            ],
            **overrides,
        )
        session = self.env["dex.session"].create(vals)
        session.action_roster()
        return session

    def _sd_keys(self, sessions):
        deliveries = self.env["dex.service.delivery"].search(
            [("session_id", "in", sessions.ids)]
        )
        return sorted((sd.session_service_id.id, sd.partner_id.id) for sd in deliveries)


class TestAttendance(CompletionCase):
    @users("dex_user")
    def test_attendance_lines_follow_the_clients(self):
        session = self._session()
        self.assertEqual(session.attendance_ids.partner_id, self.clients)
        self.assertEqual(set(session.attendance_ids.mapped("state")), {"pending"})
        session.service_ids[0].client_ids = self.clients[:2]
        session.service_ids[1].client_ids = self.clients[:1]
        session.client_ids = self.clients[:2]
        self.assertEqual(session.attendance_ids.partner_id, self.clients[:2])

    @users("dex_user")
    def test_mark_all_attended_and_absence_needs_a_reason(self):
        session = self._session()
        line = session.attendance_ids.filtered(
            lambda a: a.partner_id == self.clients[2]
        )
        with self.assertRefused(ValidationError, "Give a reason why Test Client 3"):
            line.state = "absent"
        line.write({"state": "absent", "reason": "Unwell"})
        session.action_mark_all_attended()
        self.assertEqual(
            sorted(session.attendance_ids.mapped("state")),
            ["absent", "attended", "attended"],
        )
        self.assertEqual(line.state, "absent", "mark all keeps what was taken")


class TestCompletion(CompletionCase):
    def test_a_client_id_given_today_counts_today_whatever_the_clock(self):
        """Today is the organisation's day: a Client ID given on a Sydney
        morning reports a session that someone whose clock is still on
        yesterday (a scheduled action in UTC) completes."""
        self.dex_manager.tz = "Australia/Sydney"
        self.dex_user.tz = False  # UTC
        session = self._session(
            start=datetime(2026, 11, 24, 9, 0), stop=datetime(2026, 11, 24, 11, 0)
        )
        with freeze_time("2026-12-01 23:50:00"):  # 10:50 on 2 December in Sydney
            identifier = (
                self.env["dex.partner.identifier"]
                .with_user(self.dex_manager)
                .create(
                    {
                        "partner_id": self.clients[2].id,
                        "type_id": self.id_type.id,
                        "name": "CL-2",
                    }
                )
            )
            self.assertEqual(str(identifier.date_start), "2026-12-02")
            session = session.with_user(self.dex_user)
            session.action_mark_all_attended()
            session.action_complete()
        self.assertRecordValues(
            session.delivery_ids.filtered(lambda sd: sd.partner_id == self.clients[2]),
            [{"state": "ready", "dex_client_id": "CL-2"}],
        )

    @users("dex_user")
    def test_complete_button_makes_one_sd_per_attended_client_and_service(self):
        session = self._session()
        session.attendance_ids.filtered(
            lambda a: a.partner_id == self.clients[2]
        ).write({"state": "cancelled", "reason": "Hospital"})
        session.action_mark_all_attended()
        session.action_complete()
        self.assertEqual(session.state, "completed")
        sds = session.delivery_ids
        self.assertEqual(session.delivery_count, 4)
        self.assertEqual(
            sorted((sd.service_id.name, sd.partner_id.name) for sd in sds),
            [
                ("Cooking group", "Test Client 1"),
                ("Cooking group", "Test Client 2"),
                ("Phone follow-up", "Test Client 1"),
                ("Phone follow-up", "Test Client 2"),
            ],
        )
        cooking = sds.filtered(
            lambda sd: sd.service_id == self.service
            and sd.partner_id == self.clients[0]
        )
        self.assertRecordValues(
            cooking,
            [
                {
                    "state": "ready",
                    "dex_client_id": "CL-0",
                    "time_minutes": 90,
                    "client_contribution": 7.5,
                    "category_id": self.category.id,
                    "delivery_method_id": self.delivery_face.id,
                    "service_setting_id": self.setting_office.id,
                    "outlet_activity_id": self.outlet.id,
                    "actual_start": self.start,
                    "actual_end": self.stop,
                    "company_id": self.env.company.id,
                }
            ],
        )
        self.assertEqual(cooking.service_type_ids, self.service_type)
        self.assertEqual(cooking.extra_item_ids, self.item_grabrails)
        self.assertEqual(cooking.worker_ids, self.workers[0])
        # 09:00 UTC is 20:00 in Sydney the same day (AEDT, UTC+11)
        self.assertEqual(str(cooking.date), "2026-03-03")
        # the records were made from the session: it is not edited behind them
        with self.assertRefused(UserError, "Press Reopen for Correction"):
            session.service_ids[0].write({"time_minutes": 5})
        with self.assertRefused(UserError, "Press Reopen for Correction"):
            session.attendance_ids[0].write({"state": "absent", "reason": "Sick"})
        self.assertEqual(cooking.time_minutes, 90)

    @users("dex_user")
    def test_complete_refused_while_attendance_is_not_taken(self):
        session = self._session()
        with self.assertRefused(UserError, "attendance not taken for Test Client 1"):
            session.action_complete()
        self.assertEqual(session.state, "rostered")
        self.assertFalse(session.delivery_ids)

    @users("dex_user")
    def test_client_without_dex_client_id_is_not_reportable_until_given_one(self):
        session = self._session()
        session.action_mark_all_attended()
        session.action_complete()
        waiting = session.delivery_ids.filtered(
            lambda sd: sd.partner_id == self.clients[2]
        )
        self.assertEqual(waiting.state, "not_reportable")
        self.assertEqual(waiting.not_reportable_reason, "no DEX Client ID")
        self.assertFalse(waiting.dex_client_id)
        self.env["dex.partner.identifier"].create(
            {
                "partner_id": self.clients[2].id,
                "type_id": self.id_type.id,
                "name": "CL-9",
            }
        )
        self.assertEqual(waiting.state, "ready")
        self.assertEqual(waiting.dex_client_id, "CL-9")
        self.assertEqual(len(session.delivery_ids), 5, "nothing was made again")

    @users("dex_user")
    def test_session_without_outlet_activity_gives_not_reportable_sds(self):
        session = self._session(clients=self.clients[:1], outlet_activity_id=False)
        session.action_mark_all_attended()
        session.action_complete()
        self.assertEqual(set(session.delivery_ids.mapped("state")), {"not_reportable"})
        self.assertIn(
            "no outlet activity", session.delivery_ids[0].not_reportable_reason
        )

    @users("dex_user")
    def test_correction_before_the_extract_remakes_the_records(self):
        """A completed session is corrected by reopening it: its records follow."""
        session = self._session()
        session.action_mark_all_attended()
        session.action_complete()
        action = session.action_reopen_for_correction()
        self.assertEqual(action["res_model"], "dex.session.reopen")
        wizard = self.env["dex.session.reopen"].create(
            {"session_ids": session.ids, "reason": "90 minutes, not 75"}
        )
        wizard.action_reopen()
        self.assertEqual(session.state, "correction")
        self.assertFalse(session.delivery_ids, "never sent: taken back entirely")
        session.service_ids[0].time_minutes = 75
        session.attendance_ids[0].write({"state": "absent", "reason": "Sick"})
        # a reopened session waits for its editor, not for the scheduled action
        self.env["dex.session"].sudo()._cron_complete_sessions(
            date_ref=datetime(2026, 4, 1)
        )
        self.assertEqual(session.state, "correction")
        session.action_complete()
        self.assertEqual(session.state, "completed")
        self.assertEqual(len(session.delivery_ids), 3, "client 1 now absent: 2 + 1")
        cooking = session.delivery_ids.filtered(
            lambda sd: sd.service_id == self.service
        )
        self.assertEqual(set(cooking.mapped("time_minutes")), {75})
        notes = " ".join(session.message_ids.mapped("body"))
        self.assertIn("Reopened for correction by", notes)
        self.assertIn("90 minutes, not 75", notes)

    @users("dex_user")
    def test_a_dex_user_cannot_reopen_what_went_to_dex(self):
        session = self._session()
        session.action_mark_all_attended()
        session.action_complete()
        session.delivery_ids[:1].sudo().state = "extracted"
        with self.assertRefused(UserError, "only a DEX manager can reopen it"):
            session.action_reopen_for_correction()
        with self.assertRefused(UserError, "A DEX manager reopens it for correction"):
            session.write({"service_setting_id": False})
        self.assertEqual(session.state, "completed")
        self.assertEqual(len(session.delivery_ids), 5)

    def test_completion_queries_do_not_grow_with_clients(self):
        def queries_to_complete(count):
            clients = self.env["res.partner"].create(
                [{"name": f"Bulk {count}-{i}"} for i in range(count)]
            )
            session = self._session(clients=clients)
            session.action_mark_all_attended()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            session._complete()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before, session

        few, session_few = queries_to_complete(2)
        self.assertEqual(len(session_few.delivery_ids), 4)
        clients = self.env["res.partner"].create(
            [{"name": f"Bulk 20-{i}"} for i in range(20)]
        )
        session = self._session(clients=clients)
        session.action_mark_all_attended()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            session._complete()
            self.env.flush_all()
        self.assertEqual(len(session.delivery_ids), 20 + 2)


class TestCriteria(CompletionCase):
    def _check(self, session, user, kind, when):
        with freeze_time(when):
            session.with_user(user).invalidate_recordset()
            getattr(session.with_user(user), f"action_check_{kind}")()

    def test_first_and_last_check_in_and_out(self):
        session = self._session(
            worker_ids=[(6, 0, self.workers.ids)],
            worker_count_required=2,
            actual_start_criteria="first_check_in",
            actual_end_criteria="last_check_out",
        )
        self.assertFalse(session.actual_start)
        self._check(session, self.worker_user, "in", datetime(2026, 3, 3, 9, 5))
        self.assertEqual(session.actual_start, datetime(2026, 3, 3, 9, 5))
        self.assertEqual(session.state, "in_progress", "starts at the first check-in")
        self._check(session, self.worker_user2, "in", datetime(2026, 3, 3, 9, 20))
        self.assertEqual(session.actual_start, datetime(2026, 3, 3, 9, 5))
        self._check(session, self.worker_user, "out", datetime(2026, 3, 3, 10, 50))
        self.assertFalse(session.actual_end, "the last worker has not checked out")
        self._check(session, self.worker_user2, "out", datetime(2026, 3, 3, 11, 10))
        self.assertEqual(session.actual_end, datetime(2026, 3, 3, 11, 10))
        self.assertEqual(
            session.movement_ids.user_id, self.worker_user | self.worker_user2
        )

        session.actual_start_criteria = "last_check_in"
        session.actual_end_criteria = "first_check_out"
        self.assertEqual(session.actual_start, datetime(2026, 3, 3, 9, 20))
        self.assertEqual(session.actual_end, datetime(2026, 3, 3, 10, 50))

    def test_scheduled_criteria_follow_the_planned_times(self):
        session = self._session()
        self.assertEqual(
            (session.actual_start, session.actual_end), (self.start, self.stop)
        )

    def test_only_rostered_workers_check_in_and_never_out_before_in(self):
        session = self._session()
        with self.assertRefused(UserError, "You are not rostered"):
            session.with_user(self.worker_user2).action_check_in()
        with self.assertRefused(ValidationError, "before checking in"):
            session.with_user(self.worker_user).action_check_out()


class TestCron(CompletionCase):
    def test_cron_completes_ended_sessions_once(self):
        ended = self._session()
        ended.action_mark_all_attended()
        later = self._session(
            start=datetime(2026, 3, 4, 9, 0), stop=datetime(2026, 3, 4, 11, 0)
        )
        later.action_mark_all_attended()
        with freeze_time("2026-03-03 12:00:00"):
            self.env["dex.session"]._cron_complete_sessions()
        self.assertEqual(ended.state, "completed")
        self.assertEqual(later.state, "rostered", "not ended yet")
        first = self._sd_keys(ended)
        self.assertEqual(len(first), 5)
        with freeze_time("2026-03-03 12:15:00"):
            self.env["dex.session"]._cron_complete_sessions()
        self.assertEqual(self._sd_keys(ended), first, "a second run adds nothing")

    def test_cron_moves_started_sessions_in_progress(self):
        session = self._session()
        with freeze_time("2026-03-03 09:30:00"):
            self.env["dex.session"]._cron_complete_sessions()
        self.assertEqual(session.state, "in_progress")

    def test_cron_flags_what_cannot_complete_and_skips_nothing_silently(self):
        no_attendance = self._session()
        no_check_out = self._session(actual_end_criteria="last_check_out")
        no_check_out.action_mark_all_attended()
        with freeze_time("2026-03-03 09:00:00"):
            no_check_out.with_user(self.worker_user).action_check_in()
        for _run in range(2):
            with freeze_time("2026-03-03 12:00:00"):
                self.env["dex.session"]._cron_complete_sessions()
        self.assertEqual(no_attendance.state, "in_progress", "it did start on time")
        self.assertIn("attendance not taken", no_attendance.completion_blocker)
        self.assertEqual(no_check_out.state, "in_progress")
        self.assertIn(
            "waiting for the check-out of Test Worker 1",
            no_check_out.completion_blocker,
        )
        cannot_complete = self.env.ref(
            "group_dex_sessions.mail_activity_type_dex_cannot_complete"
        )
        for session in no_attendance | no_check_out:
            activities = session.activity_ids.filtered(
                lambda a: a.activity_type_id == cannot_complete
            )
            self.assertEqual(len(activities), 1, "flagged once, not at every run")
            self.assertEqual(activities.user_id, self.worker_user)
            self.assertFalse(session.delivery_ids)
        # once the worker checks out, the next run completes it
        with freeze_time("2026-03-03 12:20:00"):
            no_check_out.with_user(self.worker_user).action_check_out()
        with freeze_time("2026-03-03 12:30:00"):
            self.env["dex.session"]._cron_complete_sessions()
        self.assertEqual(no_check_out.state, "completed")
        self.assertEqual(len(no_check_out.delivery_ids), 5)

    def test_cron_is_registered_active_every_15_minutes(self):
        cron = self.env.ref("group_dex_sessions.ir_cron_dex_complete_sessions")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        self.assertEqual(cron.code.strip(), "model._cron_complete_sessions()")


class TestDeliveryAccess(CompletionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        session = cls.env["dex.session"].create(
            cls._session_vals(
                client_ids=[(6, 0, cls.clients[:1].ids)],
                service_ids=[
                    (
                        0,
                        0,
                        {
                            "category_id": cls.category.id,
                            "service_id": cls.service.id,
                            "client_ids": [(6, 0, cls.clients[:1].ids)],
                        },
                    )
                ],
            )
        )
        session.action_roster()
        session.action_mark_all_attended()
        session.action_complete()
        cls.sd = session.delivery_ids
        cls.sd.state = "extracted"

    @users("dex_other")
    def test_other_company_sees_no_sds(self):
        sds = self.env["dex.service.delivery"]
        self.assertFalse(sds.search([("id", "=", self.sd.id)]))
        with self.assertRaises(AccessError):
            sds.browse(self.sd.id).read(["partner_id"])

    @users("dex_user")
    def test_users_cannot_edit_or_delete_sds(self):
        sd = self.env["dex.service.delivery"].browse(self.sd.id)
        self.assertEqual(sd.dex_client_id, "CL-0")
        with self.assertRefused(UserError, "change only through it"):
            sd.state = "void"
        with self.assertRefused(UserError, "change only through it"):
            sd.dex_client_id = "SPOOF1"
        with self.assertRaises(AccessError):
            sd.unlink()
        with self.assertRaises(AccessError):
            sd.copy()

    @users("dex_manager")
    def test_even_managers_change_sds_only_through_the_lifecycle(self):
        sd = self.env["dex.service.delivery"].browse(self.sd.id)
        with self.assertRefused(UserError, "change only through it"):
            sd.time_minutes = 999
        with self.assertRefused(UserError, "reopen its session for correction"):
            sd.action_void()
        self.assertEqual(sd.state, "extracted")
