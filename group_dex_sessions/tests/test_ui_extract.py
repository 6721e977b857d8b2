from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

MANAGER_GROUP = "group_dex_sessions.group_dex_sessions_group_manager"


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
        service_type = cls.env["dex.service.type"].create(
            {"code": "7163", "name": "Tour group service type"}
        )
        outlet = cls.env["dex.outlet.activity"].create(
            {"code": "7171", "name": "Tour Extract Outlet"}
        )
        category = cls.env["dex.support.category"].create({"name": "Tour Support"})
        service = cls.env["dex.service"].create(
            {
                "name": "Tour Art group",
                "category_id": category.id,
                "service_type_id": service_type.id,
                "time_minutes": 60,
            }
        )
        id_type = cls.env.ref("group_dex_sessions.dex_identifier_type_client_id")
        nsw = cls.env.ref("base.state_au_2")
        client = cls.env["res.partner"].create(
            {
                "name": "Tour Extract Client",
                "dex_given_name": "Tour",
                "dex_family_name": "Client",
                "dex_birth_date": date(1950, 5, 17),
                "city": "Parramatta",
                "state_id": nsw.id,
                "zip": "2150",
                "country_id": cls.env.ref("base.au").id,
            }
        )
        cls.env["dex.partner.identifier"].create(
            {
                "partner_id": client.id,
                "type_id": id_type.id,
                "name": "CL-7071",
                "date_start": "2020-01-01",
            }
        )
        site = cls.env["res.partner"].create(
            {"name": "Tour Extract Hall", "is_company": True, "dex_is_site": True}
        )
        # two and three days ago: ended, and in the DEX period open today
        days = [fields.Date.today() - timedelta(days=n) for n in (2, 3)]
        setting = cls.env.ref("group_dex_sessions.dex_service_setting_orgoutletoffice")
        for day in days:
            start = datetime.combine(day, time(0, 0))
            session = cls.env["dex.session"].create(
                {
                    "name": f"Tour art session {day}",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "location_type": "site",
                    "site_partner_id": site.id,
                    "client_ids": [(6, 0, client.ids)],
                    "worker_count_required": 0,
                    "service_type_ids": [(6, 0, service_type.ids)],
                    "service_setting_id": setting.id,
                    "outlet_activity_id": outlet.id,
                    "service_ids": [
                        (
                            0,
                            0,
                            {
                                "category_id": category.id,
                                "service_id": service.id,
                                "client_ids": [(6, 0, client.ids)],
                            },
                        )
                    ],
                }
            )
            session.action_roster()
            session.action_mark_all_attended()
            session.action_complete()
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
