from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, users

from .common import DexSessionsCase


class SessionWizardCase(DexSessionsCase):
    """Walks the session wizard as a user does: step by step, form by form."""

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

    def _service_form(self, action):
        """The per-service form that Add Planned Service or Edit opens."""
        self.assertEqual(action["res_model"], "dex.session.create.service")
        self.assertEqual(action["target"], "new")
        return Form(self.env["dex.session.create.service"].browse(action["res_id"]))

    def _fill_service(self, action, clients=None, **values):
        """Fill the per-service form; return its draft, not yet saved."""
        with self._service_form(action) as form:
            form.category_id = self.category
            form.service_id = self.service
            if clients is not None:
                form.client_ids.clear()
                for client in clients:
                    form.client_ids.add(client)
            for field, value in values.items():
                setattr(form, field, value)
        return form.record

    def _add_service(self, wizard, clients=None, **values):
        """Add Planned Service, fill its form and Save Service."""
        draft = self._fill_service(wizard.action_add_service(), clients, **values)
        return draft.action_save_service()

    def _to_services(self, worker_count=1):
        """Details and Attendees done: the wizard on its Services step."""
        wizard = self._fill_details(self._wizard_form())
        wizard.action_next()
        with Form(wizard) as form:
            for client in self.clients:
                form.client_ids.add(client)
            form.worker_count_required = worker_count
            form.worker_ids.add(self.workers[0])
        wizard.action_next()
        return wizard

    def _complete_wizard(self, worker_count=1, **line_values):
        """Walk every step with valid data; return the wizard on Services."""
        wizard = self._to_services(worker_count)
        self._add_service(wizard, clients=self.clients[:2], **line_values)
        return wizard

    def _session_count(self):
        return self.env["dex.session"].search_count([])


class TestSessionWizard(SessionWizardCase):
    """The four-step wizard: Details, Attendees, Services, Finalise."""

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

    def _assert_service_refused(self, message, **values):
        """Save Service refuses the per-service form, and saves nothing."""
        wizard = self._to_services()
        draft = self._fill_service(wizard.action_add_service(), **values)
        with self.assertRefused(UserError, message):
            draft.action_save_service()
        self.assertFalse(wizard.line_ids, "a refused service is not on the step")
        return wizard, draft

    @users("dex_user")
    def test_error_negative_contribution(self):
        self._assert_service_refused(
            "contribution cannot be negative", client_contribution=-1
        )

    @users("dex_user")
    def test_error_negative_minutes(self):
        self._assert_service_refused("minutes cannot be negative", time_minutes=-5)

    @users("dex_user")
    def test_error_service_form_without_clients(self):
        self._assert_service_refused("Cooking group has no clients", clients=[])

    @users("dex_user")
    def test_error_travel_without_area(self):
        wizard, draft = self._assert_service_refused(
            "choose a travel area", travel_chargeable=True
        )
        draft.travel_area_id = self.travel_area
        draft.action_save_service()
        self.assertEqual(wizard.line_ids.travel_area_id, self.travel_area)
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
