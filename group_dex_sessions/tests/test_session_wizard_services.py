from odoo.exceptions import UserError
from odoo.tests import Form, users

from .test_session_wizard import SessionWizardCase


class TestSessionWizardServices(SessionWizardCase):
    """The Services step: a per-service form per planned service, and its title."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outing = cls.env["dex.service"].create(
            {
                "name": "Outing with transport",
                "category_id": cls.category.id,
                "time_minutes": 240,
                "travel_chargeable": True,
                "travel_area_id": cls.travel_area.id,
            }
        )

    @users("dex_user")
    def test_title_stays_on_every_step_and_form(self):
        wizard = self._to_services()
        titles = {wizard.action_next()["name"], wizard.action_back()["name"]}
        titles.add(wizard.action_back()["name"])  # on Attendees
        service_form = wizard.action_add_service()
        draft = self.env["dex.session.create.service"].browse(service_form["res_id"])
        titles.add(draft.action_discard_service()["name"])
        self.assertEqual(titles, {"New Group Session"})
        self.assertEqual(service_form["name"], "New Group Session: Add Planned Service")

    @users("dex_user")
    def test_new_service_starts_with_every_attendee_and_the_service_defaults(self):
        wizard = self._to_services()
        with self._service_form(wizard.action_add_service()) as form:
            self.assertEqual(form.client_ids[:], self.clients)
            self.assertEqual(form.session_client_ids[:], self.clients)
            form.category_id = self.category
            form.service_id = self.service
            self.assertEqual(form.delivery_method_id, self.delivery_face)
            self.assertEqual(form.client_contribution, 7.5)
            self.assertEqual(form.time_minutes, 90)
            self.assertFalse(form.travel_chargeable)
            form.client_ids.remove(self.clients[2].id)
        action = form.record.action_save_service()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (wizard._name, wizard.id)
        )
        self.assertEqual(wizard.step, "services")
        self.assertEqual(wizard.line_ids.service_id, self.service)
        self.assertEqual(wizard.line_ids.client_ids, self.clients[:2])

    @users("dex_user")
    def test_two_services_with_their_own_clients_make_the_session(self):
        wizard = self._to_services()
        self._add_service(wizard, clients=self.clients[:2])
        with self._service_form(wizard.action_add_service()) as form:
            form.category_id = self.category
            form.service_id = self.outing
            # travel is chargeable for an outing: its area comes with it
            self.assertTrue(form.travel_chargeable)
            self.assertEqual(form.travel_area_id, self.travel_area)
            form.client_ids.remove(self.clients[0].id)
        form.record.action_save_service()
        self.assertEqual(len(wizard.line_ids), 2)
        wizard.action_next()
        wizard.service_setting_id = self.setting_office
        session = self.env["dex.session"].browse(wizard.action_save()["res_id"])
        by_service = {line.service_id: line for line in session.service_ids}
        self.assertEqual(by_service[self.service].client_ids, self.clients[:2])
        self.assertEqual(by_service[self.outing].client_ids, self.clients[1:])
        self.assertEqual(by_service[self.outing].travel_area_id, self.travel_area)

    @users("dex_user")
    def test_discarding_a_new_service_adds_nothing_even_when_empty(self):
        wizard = self._to_services()
        action = wizard.action_add_service()
        # nothing chosen yet: Discard is never stopped by a required field
        Form(self.env["dex.session.create.service"].browse(action["res_id"])).save()
        draft = self.env["dex.session.create.service"].browse(action["res_id"])
        back = draft.action_discard_service()
        self.assertEqual(back["res_id"], wizard.id)
        self.assertFalse(wizard.line_ids)
        self.assertFalse(draft.exists())

    @users("dex_user")
    def test_saving_an_empty_service_form_says_what_is_missing(self):
        wizard = self._to_services()
        action = wizard.action_add_service()
        draft = self.env["dex.session.create.service"].browse(action["res_id"])
        with self.assertRefused(UserError, "Choose the support category and the"):
            draft.action_save_service()
        self.assertFalse(wizard.line_ids)

    @users("dex_user")
    def test_edit_a_saved_service_then_save_or_discard(self):
        wizard = self._complete_wizard()
        line = wizard.line_ids
        with self._service_form(line.action_edit_service()) as form:
            self.assertEqual(form.client_ids[:], self.clients[:2])
            form.time_minutes = 45
            form.client_ids.add(self.clients[2])
        edit = form.record
        self.assertIn("Edit Planned Service", edit._get_form_action()["name"])
        edit.action_discard_service()
        self.assertEqual(wizard.line_ids, line, "discarding an edit keeps the line")
        self.assertEqual((line.time_minutes, line.client_ids), (90, self.clients[:2]))

        with self._service_form(line.action_edit_service()) as form:
            form.time_minutes = 45
            form.client_ids.add(self.clients[2])
        form.record.action_save_service()
        self.assertEqual(wizard.line_ids, line, "the edit replaces nothing but values")
        self.assertEqual((line.time_minutes, line.client_ids), (45, self.clients))
        self.assertEqual(line.client_contribution, 7.5, "untouched values stay")

    @users("dex_user")
    def test_an_edit_that_breaks_a_rule_is_refused_and_the_line_kept(self):
        wizard = self._complete_wizard()
        with self._service_form(wizard.line_ids.action_edit_service()) as form:
            form.client_ids.clear()
        with self.assertRefused(UserError, "Cooking group has no clients"):
            form.record.action_save_service()
        self.assertEqual(wizard.line_ids.client_ids, self.clients[:2])

    def test_a_planned_service_takes_the_services_travel_area(self):
        session = self.env["dex.session"].create(self._session_vals())
        line = self.env["dex.session.service"].create(
            {
                "session_id": session.id,
                "category_id": self.category.id,
                "service_id": self.outing.id,
                "client_ids": [(6, 0, self.clients.ids)],
            }
        )
        self.assertEqual(line.travel_area_id, self.travel_area)
        with Form(session) as form, form.service_ids.edit(0) as planned:
            self.assertFalse(planned.travel_chargeable)
            planned.travel_chargeable = True
            self.assertFalse(planned.travel_area_id, "the service has no default area")
            planned.service_id = self.outing
            self.assertEqual(planned.travel_area_id, self.travel_area)
            planned.travel_chargeable = False
            self.assertFalse(planned.travel_area_id, "no travel charge, no area")
