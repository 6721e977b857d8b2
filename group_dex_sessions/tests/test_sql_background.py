import psycopg2.errors

from odoo.tests import TransactionCase
from odoo.tools import SQL, mute_logger

from ..models.sql_background import InBackground


class TestSqlInBackground(TransactionCase):
    """The statements an extract runs while Python goes on
    (models/sql_background.py), in the test's own transaction."""

    def test_statements_run_in_order_in_the_same_transaction(self):
        partner = self.env["res.partner"].create({"name": "Before"})
        self.env.flush_all()
        with InBackground(
            self.env.cr,
            [
                SQL("UPDATE res_partner SET name = 'After' WHERE id = %s", partner.id),
                SQL("SELECT name FROM res_partner WHERE id = %s", partner.id),
            ],
        ) as sql:
            # a query made meanwhile shares the connection: it runs between
            # the statements, never mixed with one (psycopg2 would refuse)
            self.env.cr.execute(
                "SELECT count(*) FROM res_partner WHERE id = %s", [partner.id]
            )
            self.assertEqual(self.env.cr.fetchone()[0], 1)
        self.assertEqual(sql.rowcounts[0], 1)
        self.assertIsNone(sql.rows[0])
        self.assertEqual(sql.rows[1], [("After",)])
        partner.invalidate_recordset(["name"])
        self.assertEqual(partner.name, "After")  # uncommitted, in this transaction

    @mute_logger("odoo.sql_db")  # the block's query fails, as it must
    def test_an_error_of_theirs_is_raised_not_the_aborted_transaction(self):
        """A query the block makes after a failed statement only learns that
        the transaction is aborted: the statement's own error is the one
        raised (Odoo retries a request on a concurrent-update error)."""
        with (
            self.assertRaises(psycopg2.errors.DivisionByZero),
            self.env.cr.savepoint(),
            InBackground(self.env.cr, [SQL("SELECT 1 / 0")]) as sql,
        ):
            sql._thread.join()  # the statement has failed by now
            self.env.cr.execute("SELECT 1")

    def test_an_error_of_theirs_is_raised_when_the_block_ends(self):
        with (
            self.assertRaises(psycopg2.errors.DivisionByZero),
            self.env.cr.savepoint(),
            InBackground(self.env.cr, [SQL("SELECT 1 / 0")]),
        ):
            pass
