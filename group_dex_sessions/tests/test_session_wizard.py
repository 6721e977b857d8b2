from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, users

from .common import DexSessionsCase


class TestSessionWizard(DexSessionsCase):
    """The four-step wizard: Details, Attendees, Services, Finalise."""

    def _wizard_form(self, **context):
        context = {
            "default_start": "2026-03-03 09:00:00",
            "default_stop": "2026-03-03 11:00:00",
            **context,
        }
        return Form(self.env["dex.session.create"].with_context(**context))

    def _fill_details(self, form, name="Cooking group"):
        form.name = name
        form.location_type = "site"
        form.site_partner_id = self.site
        return form.save()

    def _to_step(self, wizard, step):
        while wizard.step != step:
            wizard.action_next()
        return wizard

    def _complete_wizard(self, worker_count=1, **line_overrides):
        """Walk every step with valid data; return the wizard on Finalise."""
        wizard = self._fill_details(self._wizard_form())
        wizard.action_next()
        with Form(wizard) as form:
            for client in self.clients:
                form.client_ids.add(client)
            form.worker_count_required = worker_count
            form.worker_ids.add(self.workers[0])
        wizard.action_next()
        with Form(wizard) as form:
            with form.line_ids.new() as line:
                line.category_id = self.category
                line.service_id = self.service
                for client in self.clients[:2]:
                    line.client_ids.add(client)
                for field, value in line_overrides.items():
                    setattr(line, field, value)
        return wizard

    def _session_count(self):
        return self.env["dex.session"].search_count([])

    @users("dex_user")
    def test_slot_and_worker_filter_prefill_details(self):
        form = self._wizard_form(default_worker_ids=self.workers[1].ids)
        self.assertEqual(str(form.start), "2026-03-03 09:00:00")
        self.assertEqual(str(form.stop), "2026-03-03 11:00:00")
        self.assertEqual(form.step, "details")
        wizard = self._fill_details(form)
        self.assertEqual(wizard.worker_ids, self.workers[1])

    @users("dex_user")
    def test_walk_all_steps_and_save_and_roster(self):
        before = self._session_count()
        wizard = self._complete_wizard()
        self.assertEqual(wizard.step, "services")
        line = wizard.line_ids
        # the service's defaults fill the planned service
        self.assertEqual(line.delivery_method_id, self.delivery_face)
        self.assertEqual(line.extra_item_ids, self.item_grabrails)
        self.assertEqual(line.client_contribution, 7.5)
        self.assertEqual(line.time_minutes, 90)
        wizard.action_next()
        self.assertEqual(wizard.step, "finalise")
        # service types follow the planned services
        self.assertEqual(wizard.service_type_ids, self.service_type)
        with Form(wizard) as form:
            form.service_setting_id = self.setting_office
            form.outlet_activity_id = self.outlet
            form.recurrence = True
            form.recurrence_unit = "week"
            form.recurrence_weekdays = "1"
            form.recurrence_count = 6
        action = wizard.action_save_and_roster()
        # a weekly repeat of 6 sessions: the form opens on the first one
        self.assertEqual(self._session_count(), before + 6)
        session = self.env["dex.session"].browse(action["res_id"])
        self.assertEqual(len(session.recurrence_id.session_ids), 6)
        self.assertEqual(session.state, "rostered")
        self.assertEqual(session.name, "Cooking group")
        self.assertEqual(session.client_ids, self.clients)
        self.assertEqual(session.worker_ids, self.workers[0])
        self.assertEqual(session.site_partner_id, self.site)
        self.assertEqual(session.service_setting_id, self.setting_office)
        self.assertEqual(session.outlet_activity_id, self.outlet)
        self.assertEqual(session.service_type_ids, self.service_type)
        self.assertEqual(
            (session.recurrence_unit, session.recurrence_count), ("week", 6)
        )
        self.assertEqual(len(session.service_ids), 1)
        planned = session.service_ids
        self.assertEqual(planned.service_id, self.service)
        self.assertEqual(planned.client_ids, self.clients[:2])
        self.assertEqual(planned.client_contribution, 7.5)
        self.assertEqual(planned.time_minutes, 90)
        self.assertEqual(planned.extra_item_ids, self.item_grabrails)

    @users("dex_user")
    def test_save_draft_then_roster_later(self):
        wizard = self._complete_wizard()
        wizard.action_next()
        wizard.service_setting_id = self.setting_office
        action = wizard.action_save()
        session = self.env["dex.session"].browse(action["res_id"])
        self.assertEqual(session.state, "draft")
        session.action_roster()
        self.assertEqual(session.state, "rostered")

    @users("dex_user")
    def test_back_returns_to_previous_step_keeping_data(self):
        wizard = self._complete_wizard()
        wizard.action_back()
        self.assertEqual(wizard.step, "attendees")
        wizard.action_back()
        self.assertEqual(wizard.step, "details")
        self.assertEqual(wizard.name, "Cooking group")
        self.assertEqual(wizard.client_ids, self.clients)
        self.assertEqual(len(wizard.line_ids), 1)

    def _assert_refused(self, wizard, method, message):
        before = self._session_count()
        with self.assertRefused(UserError, message):
            getattr(wizard, method)()
        self.assertEqual(self._session_count(), before, "nothing may be half-saved")

    @users("dex_user")
    def test_error_end_before_start(self):
        form = self._wizard_form()
        form.name = "Cooking group"
        form.site_partner_id = self.site
        form.stop = "2026-03-03 08:00:00"
        with self.assertRefused(ValidationError, "ends before it starts"):
            form.save()
        self.assertFalse(
            self.env["dex.session.create"].search([("name", "=", "Cooking group")])
        )

    @users("dex_user")
    def test_error_location_details_missing(self):
        wizard = self.env["dex.session.create"].create(
            {"name": "Online group", "location_type": "online"}
        )
        self._assert_refused(wizard, "action_next", "meeting link or phone number")
        self.assertEqual(wizard.step, "details")

    @users("dex_user")
    def test_error_no_clients(self):
        wizard = self._fill_details(self._wizard_form())
        wizard.action_next()
        self._assert_refused(wizard, "action_next", "at least one client")
        self.assertEqual(wizard.step, "attendees")

    @users("dex_user")
    def test_error_service_without_clients(self):
        wizard = self._complete_wizard()
        wizard.line_ids.client_ids = False
        self._assert_refused(wizard, "action_next", "Cooking group has no clients")

    @users("dex_user")
    def test_error_service_client_not_attendee(self):
        wizard = self._complete_wizard()
        wizard.line_ids.client_ids |= self.stranger
        self._assert_refused(
            wizard, "action_next", "Not Attending, who is not an attendee"
        )

    @users("dex_user")
    def test_error_negative_contribution(self):
        wizard = self._complete_wizard(client_contribution=-1)
        self._assert_refused(wizard, "action_next", "contribution cannot be negative")

    @users("dex_user")
    def test_error_negative_minutes(self):
        wizard = self._complete_wizard(time_minutes=-5)
        self._assert_refused(wizard, "action_next", "minutes cannot be negative")

    @users("dex_user")
    def test_error_travel_without_area(self):
        wizard = self._complete_wizard(travel_chargeable=True)
        self._assert_refused(wizard, "action_next", "choose a travel area")
        wizard.line_ids.travel_area_id = self.travel_area
        wizard.action_next()
        self.assertEqual(wizard.step, "finalise")

    @users("dex_user")
    def test_error_roster_with_too_few_workers(self):
        wizard = self._complete_wizard(worker_count=2)
        wizard.action_next()
        wizard.service_setting_id = self.setting_office
        self._assert_refused(
            wizard, "action_save_and_roster", "needs 2 workers but has 1"
        )
        # a draft needs no full roster yet
        action = wizard.action_save()
        self.assertEqual(
            self.env["dex.session"].browse(action["res_id"]).state, "draft"
        )

    @users("dex_user")
    def test_error_service_types_without_service_setting(self):
        wizard = self._complete_wizard()
        wizard.action_next()
        self._assert_refused(wizard, "action_save", "choose its DEX Service Setting")
        self._assert_refused(wizard, "action_save_and_roster", "DEX Service Setting")
