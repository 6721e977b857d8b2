"""SQL of the current transaction, run by the server while Python goes on.

An extract's file is written in Python while PostgreSQL stores its IDs and
marks its records: on a machine with two cores the two then take the time of
the longer one, not of both.
"""

import threading


class InBackground:
    """Runs ``statements`` (odoo.tools.SQL), in order, in a thread, on the
    connection of ``cr``, while the ``with`` block goes on in Python.

    psycopg2 lets go of the GIL while it waits for the server, so the block
    runs meanwhile. The thread has a cursor of its own on the same connection:
    its statements are part of the caller's transaction, and psycopg2 runs one
    statement of a connection at a time, so a query the block makes (through
    the ORM) waits for them instead of mixing with them. Leaving the block
    waits for them, even on an error; an error of theirs is raised there, in
    place of the block's own (the transaction is then aborted, as it would be
    had they run in line).
    ``rowcounts`` then holds the row count of each statement, ``rows`` the
    rows of each (None for a statement that returns none).

    The block must not commit or roll back: flush what the statements read
    before entering it, and invalidate what they change after it.
    """

    def __init__(self, cr, statements):
        # the psycopg2 connection of this transaction (a test cursor hands
        # over the one of the cursor it wraps)
        self._connection = cr._cnx
        self._statements = list(statements)
        self.rowcounts = []
        self.rows = []
        self._error = None
        self._thread = threading.Thread(
            target=self._run, name="group_dex_sessions.sql", daemon=True
        )

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback):
        self._thread.join()
        if self._error is not None:
            # raised even when the block failed too (its error is kept as the
            # context): a query the block made after it would only say that
            # the transaction is aborted, and Odoo retries a request on the
            # thread's error when it is a concurrent update
            raise self._error
        return False

    def _run(self):
        try:
            with self._connection.cursor() as cursor:
                for statement in self._statements:
                    cursor.execute(statement.code, statement.params)
                    self.rowcounts.append(cursor.rowcount)
                    self.rows.append(cursor.fetchall() if cursor.description else None)
        except Exception as error:  # noqa: BLE001 - raised again by __exit__
            self._error = error
