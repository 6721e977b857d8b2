from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from odoo.tests import Form, TransactionCase, new_test_user

USER_GROUP = "group_dex_sessions.group_dex_sessions_group_user"
MANAGER_GROUP = "group_dex_sessions.group_dex_sessions_group_manager"


class DexSessionsCase(TransactionCase):
    """Configuration, clients, workers and users that the Odoo-tier tests share."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Org"})
        cls.dex_user = new_test_user(
            cls.env, login="dex_user", groups=f"base.group_user,{USER_GROUP}"
        )
        cls.dex_manager = new_test_user(
            cls.env, login="dex_manager", groups=f"base.group_user,{MANAGER_GROUP}"
        )
        cls.other_user = new_test_user(
            cls.env,
            login="dex_other",
            groups=f"base.group_user,{USER_GROUP}",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.setting_office = cls.env.ref(
            "group_dex_sessions.dex_service_setting_orgoutletoffice"
        )
        cls.item_grabrails = cls.env.ref("group_dex_sessions.dex_extra_item_grabrails")
        cls.service_type = cls.env["dex.service.type"].create(
            {"code": "9063", "name": "Social support - group (test)"}
        )
        cls.outlet = cls.env["dex.outlet.activity"].create(
            {"code": "98765", "name": "Test Hub - Social Support"}
        )
        cls.category = cls.env["dex.support.category"].create({"name": "Social"})
        cls.delivery_face = cls.env["dex.delivery.method"].create(
            {"name": "Face to face (test)"}
        )
        cls.travel_area = cls.env["dex.travel.area"].create({"name": "Metro (test)"})
        cls.service = cls.env["dex.service"].create(
            {
                "name": "Cooking group",
                "category_id": cls.category.id,
                "service_type_id": cls.service_type.id,
                "delivery_method_id": cls.delivery_face.id,
                "extra_item_ids": [(6, 0, cls.item_grabrails.ids)],
                "client_contribution": 7.5,
                "time_minutes": 90,
            }
        )
        cls.site = cls.env["res.partner"].create(
            {"name": "Community Hall", "is_company": True, "dex_is_site": True}
        )
        cls.clients = cls.env["res.partner"].create(
            [{"name": f"Test Client {i}"} for i in range(1, 4)]
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Not Attending"})
        cls.workers = cls.env["hr.employee"].create(
            [{"name": f"Test Worker {i}"} for i in range(1, 3)]
        )
        # Test Worker 1 has a user, so rostering puts sessions on a calendar;
        # Test Worker 2 has none
        cls.worker_user = new_test_user(
            cls.env, login="worker_one", groups="base.group_user", name="Worker One"
        )
        cls.workers[0].user_id = cls.worker_user
        # series follow the company's wall clock
        cls.company.partner_id.tz = "Australia/Sydney"
        cls.start = datetime(2026, 3, 3, 9, 0)
        cls.stop = datetime(2026, 3, 3, 11, 0)

    @classmethod
    def _session_vals(cls, **overrides):
        vals = {
            "name": "Cooking group",
            "start": cls.start,
            "stop": cls.stop,
            "location_type": "site",
            "site_partner_id": cls.site.id,
            "client_ids": [(6, 0, cls.clients.ids)],
            "worker_ids": [(6, 0, cls.workers[:1].ids)],
            "worker_count_required": 1,
            "service_type_ids": [(6, 0, cls.service_type.ids)],
            "service_setting_id": cls.setting_office.id,
            "outlet_activity_id": cls.outlet.id,
            "service_ids": [
                (
                    0,
                    0,
                    {
                        "category_id": cls.category.id,
                        "service_id": cls.service.id,
                        "client_ids": [(6, 0, cls.clients.ids)],
                    },
                )
            ],
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _wizard_vals(cls, **overrides):
        """A session wizard filled in up to its Finalise step.

        The same session as _session_vals; the wizard derives its service types
        from the planned services.
        """
        vals = cls._session_vals()
        vals["line_ids"] = vals.pop("service_ids")
        del vals["service_type_ids"]
        vals["step"] = "finalise"
        vals.update(overrides)
        return vals

    def _create_series(self, rostered=False, wizard_vals=None, **recurrence):
        """Sessions created by the wizard with a repeat (Form on Finalise)."""
        wizard = self.env["dex.session.create"].create(
            self._wizard_vals(**(wizard_vals or {}))
        )
        with Form(wizard) as form:
            form.recurrence = True
            for name, value in recurrence.items():
                setattr(form, f"recurrence_{name}", value)
        if rostered:
            wizard.action_save_and_roster()
        else:
            wizard.action_save()
        return self.env["dex.session"].search(
            [("recurrence_id", "=", self._last_series().id)], order="start"
        )

    def _last_series(self):
        return self.env["dex.session.recurrence"].search([], order="id desc", limit=1)

    @contextmanager
    def assertRefused(self, exception, message):
        """Expect ``exception`` matching ``message``; roll back what it left behind."""
        with self.assertRaisesRegex(exception, message), self.env.cr.savepoint():
            yield


def delete_committed(env, created, models):
    """Delete what a test committed on its own cursor.

    Its sessions go with their SD records and activities (completed sessions
    are never deleted by the UI; a test's do go), then the records of
    ``models``, each as listed in ``created`` ({model: ids}).
    """
    sessions = env["dex.session"].browse(created.get("dex.session", []))
    env["dex.service.delivery"].search([("session_id", "in", sessions.ids)]).unlink()
    sessions.activity_ids.unlink()
    env.cr.execute(
        "UPDATE dex_session SET state = 'cancelled' WHERE id = ANY(%s)",
        [sessions.ids],
    )
    sessions.invalidate_recordset(["state"])
    sessions.unlink()
    for model in models:
        env[model].browse(created.get(model, [])).unlink()


def make_completed_sessions(env, label, days, client_count=1, codes=("7163", "7171")):
    """A reportable set-up of its own, and one completed session a day.

    Its own DEX service type and outlet activity (``codes``, the activity
    allowing the type), support category, service, site, and ``client_count``
    clients with the DEX data a file needs and a DEX Client ID; then, for each
    of ``days``, a session from 00:00 to 01:00 UTC that every client attended,
    completed. Returns {model: the records made}.
    """
    service_type = env["dex.service.type"].create(
        {"code": codes[0], "name": f"{label} service type"}
    )
    outlet = env["dex.outlet.activity"].create(
        {
            "code": codes[1],
            "name": f"{label} outlet",
            "service_type_ids": [(6, 0, service_type.ids)],
        }
    )
    category = env["dex.support.category"].create({"name": f"{label} support"})
    service = env["dex.service"].create(
        {
            "name": f"{label} group",
            "category_id": category.id,
            "service_type_id": service_type.id,
            "time_minutes": 60,
        }
    )
    clients = env["res.partner"].create(
        [
            {
                "name": f"{label} Client{letter}",
                "dex_given_name": label,
                "dex_family_name": f"Client{letter}",
                "dex_birth_date": date(1950 + index, 5, 17),
                "city": "Parramatta",
                "state_id": env.ref("base.state_au_2").id,
                "zip": "2150",
                "country_id": env.ref("base.au").id,
            }
            for index, letter in enumerate("ABCDEFGHIJ"[:client_count])
        ]
    )
    env["dex.partner.identifier"].create(
        [
            {
                "partner_id": client.id,
                "type_id": env.ref(
                    "group_dex_sessions.dex_identifier_type_client_id"
                ).id,
                "name": f"CL-{codes[1]}-{index}",
                "date_start": "2020-01-01",
            }
            for index, client in enumerate(clients)
        ]
    )
    site = env["res.partner"].create(
        {"name": f"{label} hall", "is_company": True, "dex_is_site": True}
    )
    setting = env.ref("group_dex_sessions.dex_service_setting_orgoutletoffice")
    sessions = env["dex.session"]
    for day in days:
        start = datetime.combine(day, time(0, 0))
        sessions |= env["dex.session"].create(
            {
                "name": f"{label} session {day}",
                "start": start,
                "stop": start + timedelta(hours=1),
                "location_type": "site",
                "site_partner_id": site.id,
                "client_ids": [(6, 0, clients.ids)],
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
                            "client_ids": [(6, 0, clients.ids)],
                        },
                    )
                ],
            }
        )
    for session in sessions:
        session.action_roster()
        session.action_mark_all_attended()
        session.action_complete()
    return {
        "dex.session": sessions,
        "res.partner": clients | site,
        "dex.service": service,
        "dex.outlet.activity": outlet,
        "dex.service.type": service_type,
        "dex.support.category": category,
    }
