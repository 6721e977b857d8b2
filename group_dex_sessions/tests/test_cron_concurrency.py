# These tests commit on their own private cursors on purpose: only committed data
# and real row locks show what two cron workers or a killed run do.
# pylint: disable=invalid-commit

from contextlib import closing
from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from .common import delete_committed


@tagged("post_install", "-at_install")
class TestCronConcurrency(BaseCase):
    """Two cron workers, and a killed run, on committed data and real cursors.

    TransactionCase cannot show this: its cursor never commits and is shared.
    Everything made here is deleted again in tearDown.
    """

    NOW = datetime(2026, 3, 3, 12, 0)

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        self.created = {}
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._make_sessions(env)
            cr.commit()
        self.addCleanup(self._delete_everything)

    def _cursor(self):
        return closing(db_connect(self.dbname).cursor())

    def _make_sessions(self, env):
        category = env["dex.support.category"].create({"name": "Concurrency"})
        service = env["dex.service"].create(
            {"name": "Concurrency service", "category_id": category.id}
        )
        clients = env["res.partner"].create(
            [{"name": f"Concurrent client {i}"} for i in range(4)]
        )
        worker = env["hr.employee"].create({"name": "Concurrent worker"})
        site = env["res.partner"].create({"name": "Concurrent hall"})
        sessions = env["dex.session"].create(
            [
                {
                    "name": f"Concurrent session {i}",
                    "start": datetime(2026, 3, 3, 8, 0),
                    "stop": datetime(2026, 3, 3, 9 + i % 2, 0),
                    "location_type": "site",
                    "site_partner_id": site.id,
                    "client_ids": [(6, 0, clients.ids)],
                    "worker_ids": [(6, 0, worker.ids)],
                    "state": "rostered",
                    "service_ids": [
                        (
                            0,
                            0,
                            {
                                "category_id": category.id,
                                "service_id": service.id,
                                "client_ids": [(6, 0, clients.ids)],
                            },
                        )
                    ],
                }
                for i in range(6)
            ]
        )
        sessions.attendance_ids.write({"state": "attended"})
        self.created = {
            "dex.session": sessions.ids,
            "res.partner": (clients | site).ids,
            "hr.employee": worker.ids,
            "dex.service": service.ids,
            "dex.support.category": category.ids,
        }

    def _delete_everything(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            models = (
                "dex.service",
                "dex.support.category",
                "hr.employee",
                "res.partner",
            )
            delete_committed(env, self.created, models)
            cr.commit()

    def _sd_keys(self):
        with self._cursor() as cr:
            cr.execute(
                """
                SELECT sd.session_service_id, sd.partner_id
                  FROM dex_service_delivery sd
                 WHERE sd.session_id = ANY(%s)
              ORDER BY 1, 2
                """,
                [self.created["dex.session"]],
            )
            return cr.fetchall()

    def _run_cron(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["dex.session"]._complete_due_sessions(self.NOW, batch_size=4)

    def test_two_workers_at_once_make_each_sd_exactly_once(self):
        with self._cursor() as cr_a, self._cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            # worker A has locked the first batch and is still working on it...
            held = env_a["dex.session"]._lock_running(self.created["dex.session"][:4])
            self.assertEqual(len(held), 4)
            # ...when worker B runs: it skips A's sessions and does the others
            self._run_cron(cr_b)
            cr_b.commit()
            self.assertEqual(len(self._sd_keys()), 2 * 4)
            held._complete()
            cr_a.commit()
            # and a later run finds nothing left to do
            self._run_cron(cr_b)
            cr_b.commit()
        keys = self._sd_keys()
        self.assertEqual(len(keys), 6 * 4)
        self.assertEqual(len(set(keys)), len(keys), "no SD was made twice")

    def test_a_killed_run_loses_nothing_and_the_rerun_duplicates_nothing(self):
        with self._cursor() as cr:
            self._run_cron(cr)
            cr.rollback()  # killed before its commit
        self.assertEqual(self._sd_keys(), [])
        with self._cursor() as cr:
            self._run_cron(cr)
            cr.commit()
        once = self._sd_keys()
        with self._cursor() as cr:
            self._run_cron(cr)
            cr.commit()
        self.assertEqual(len(once), 24)
        self.assertEqual(self._sd_keys(), once)
