# These tests commit on their own private cursors on purpose: only committed data
# and real row locks show what two managers collecting at once do.
# pylint: disable=invalid-commit

from contextlib import closing
from datetime import date

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from .common import delete_committed, make_completed_sessions


@tagged("post_install", "-at_install")
class TestExtractConcurrency(BaseCase):
    """Two extracts of one period collected at the same time, on committed data.

    Everything made here is deleted again in tearDown.
    """

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        self.created = {}
        self.addCleanup(self._delete_everything)
        with self._cursor() as cr:
            made = make_completed_sessions(
                self._env(cr), "Concurrent", [date(2025, 3, 3)], 3, ("9063", "99063")
            )
            self.created = {model: records.ids for model, records in made.items()}
            cr.commit()

    def _cursor(self):
        return closing(db_connect(self.dbname).cursor())

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _extract(self, env):
        return env["dex.extract"].create(
            {
                "outlet_activity_ids": [(6, 0, self.created["dex.outlet.activity"])],
                "period": "custom",
                "date_from": "2025-03-01",
                "date_to": "2025-03-31",
                "submission_date": "2025-04-01",
            }
        )

    def _delete_everything(self):
        with self._cursor() as cr:
            env = self._env(cr)
            env["dex.extract"].search(
                [
                    (
                        "outlet_activity_ids",
                        "in",
                        self.created.get("dex.outlet.activity", []),
                    )
                ]
            ).unlink()
            models = (
                "dex.service",
                "dex.outlet.activity",
                "dex.service.type",
                "dex.support.category",
                "res.partner",
            )
            delete_committed(env, self.created, models)
            cr.commit()

    def test_a_record_two_extracts_collect_at_once_goes_to_one(self):
        """The second manager's Collect, begun before the first one's was
        saved, fails as a concurrent update, which Odoo tries again; tried
        again, it names the first extract and takes none of its records."""
        with self._cursor() as first_cr, self._cursor() as second_cr:
            second_env = self._env(second_cr)
            second = self._extract(second_env)  # its snapshot starts here
            first_env = self._env(first_cr)
            first = self._extract(first_env)
            first.action_collect()
            first_cr.commit()
            self.assertEqual(first.staged_record_count, 3)
            with self.assertRaises(errors.SerializationFailure):
                second.action_collect()
            second_cr.rollback()
            # what Odoo does with a concurrent update: the request again
            second_env = self._env(second_cr)
            second = self._extract(second_env)
            second.action_collect()
            self.assertEqual(second.staged_record_count, 0)
            held = second.finding_ids.filtered(lambda f: f.rule == "held-elsewhere")
            self.assertEqual(held.affected_count, 3)
            self.assertEqual(held.res_ref.id, first.id)
            second_cr.commit()
