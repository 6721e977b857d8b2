from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MANAGER_GROUP, make_completed_sessions


@tagged("post_install", "-at_install")
class TestExtractTour(HttpCase):
    """A DEX manager without technical rights writes an extract's file in
    the browser, as a reporting officer does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_dex_manager",
            groups=f"base.group_user,{MANAGER_GROUP}",
            tz="UTC",
        )
        # two and three days ago: ended, and in the DEX period open today
        days = [fields.Date.today() - timedelta(days=n) for n in (2, 3)]
        made = make_completed_sessions(cls.env, "Tour", days)
        outlet = made["dex.outlet.activity"]
        cls.extract = cls.env["dex.extract"].create(
            {
                "outlet_activity_ids": [(6, 0, outlet.ids)],
                "period": "custom",
                "date_from": min(days),
                "date_to": max(days),
            }
        )

    def _run_tour(self):
        self.assertEqual(self.extract.delivery_count, 0, "nothing collected yet")
        self.start_tour(
            f"/odoo/action-group_dex_sessions.dex_extract_action/{self.extract.id}",
            "dex_extract_tour",
            login="tour_dex_manager",
        )
        self.assertEqual(self.extract.state, "done")
        return self.extract.current_file_ids

    def test_a_manager_collects_and_downloads_in_the_browser(self):
        files = self._run_tour()
        self.assertEqual(len(files), 1)
        self.assertEqual(files.attachment_id.mimetype, "application/xml")
        self.assertEqual(files.attachment_id.raw.count(b"<SessionId>"), 2)

    def test_a_file_in_parts_is_downloaded_as_one_zip(self):
        """Each part is a file of its own (DEX takes at most 10 MB at once):
        the browser gets them zipped, from the addon's route."""
        self.extract.max_file_bytes = 1800  # the whole file takes about 2,200
        files = self._run_tour()
        self.assertEqual(len(files), 2, files.mapped("file_size"))
        self.assertEqual(set(files.mapped("part_count")), {2})
