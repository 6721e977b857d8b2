from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, users

from ..core.slk import make_slk
from ..core.types import Client
from ..core.validator import validate_records
from .common import DexSessionsCase


class TestPartnerDexClient(DexSessionsCase):
    """DEX client data on the contact, consent records and the Client mapping."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        codes = cls.env["dex.code"]
        cls.female = codes._dex_code("GenderCode", "FEMALE")
        cls.male = codes._dex_code("GenderCode", "MALE")
        cls.physical = codes._dex_code("DisabilityCode", "PHYSICAL")
        cls.italy = codes._dex_code("CountryOfBirthCode", "3104")
        cls.nsw = cls.env.ref("base.state_au_2")
        cls.australia = cls.env.ref("base.au")
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Mary-Jane O'Brien-Smith",
                "street": "1 Church Street",
                "street2": "Unit 2",
                "city": "Parramatta",
                "state_id": cls.nsw.id,
                "zip": "2150",
                "country_id": cls.australia.id,
                "dex_birth_date": date(2000, 2, 29),
                "dex_gender_id": cls.female.id,
                "dex_country_of_birth_id": cls.italy.id,
            }
        )

    def _consent(self, partner, kind, start, end=False, company=None):
        return self.env["dex.partner.consent"].create(
            {
                "partner_id": partner.id,
                "consent_type": kind,
                "date_start": start,
                "date_end": end,
                "company_id": (company or self.company).id,
            }
        )

    def _errors(self, client):
        return [
            finding
            for finding in validate_records(clients=[client])
            if finding.level == "error"
        ]

    def test_new_contact_gets_not_stated_defaults(self):
        partner = self.env["res.partner"].create({"name": "Sam Lee"})
        self.assertEqual(partner.dex_gender_id.code, "NOTSTATED")
        self.assertEqual(partner.dex_country_of_birth_id.code, "0003")
        self.assertEqual(partner.dex_language_id.code, "0002")
        self.assertEqual(partner.dex_indigenous_id.code, "NOTSTATED")
        self.assertFalse(partner.dex_accommodation_id)

    def test_archived_default_code_falls_back_to_empty(self):
        not_stated = self.env["dex.code"]._dex_code("GenderCode", "NOTSTATED")
        not_stated.active = False
        partner = self.env["res.partner"].create({"name": "Sam Lee"})
        self.assertFalse(partner.dex_gender_id)
        # the mapping still sends DEX's "not stated"
        partner.write(
            {
                "city": "Parramatta",
                "state_id": self.nsw.id,
                "zip": "2150",
                "dex_birth_date": date(1990, 1, 2),
            }
        )
        client, _problems = partner._build_dex_client("C9", date(2026, 3, 3))
        self.assertEqual(client.gender_code, "NOTSTATED")
        not_stated.active = True
        self.assertEqual(
            self.env["res.partner"].create({"name": "Al Bo"}).dex_gender_id,
            not_stated,
        )

    def test_names_split_from_the_contact_name(self):
        partner = self.env["res.partner"].create({"name": "Mary Anne van Dyke"})
        self.assertEqual(partner.dex_given_name, "Mary Anne van")
        self.assertEqual(partner.dex_family_name, "Dyke")
        partner.name = "Cher"  # a mononym goes in both fields (DEX)
        self.assertEqual(partner.dex_given_name, "Cher")
        self.assertEqual(partner.dex_family_name, "Cher")
        # staff can correct the split by hand
        partner.write({"name": "Mary Anne van Dyke"})
        partner.write({"dex_given_name": "Mary Anne", "dex_family_name": "van Dyke"})
        self.assertEqual(partner.dex_family_name, "van Dyke")

    def test_slk_is_the_core_key(self):
        self.assertEqual(self.client.dex_slk, "BREAR290220002")
        self.assertEqual(
            self.client.dex_slk,
            make_slk("O'Brien-Smith", "Mary-Jane", date(2000, 2, 29), "FEMALE"),
        )
        self.assertFalse(self.client.dex_slk_problem)
        self.client.dex_gender_id = self.male
        self.assertEqual(self.client.dex_slk, "BREAR290220001")

    def test_slk_problem_explains_a_missing_key(self):
        partner = self.env["res.partner"].create({"name": "Jo X"})
        self.assertFalse(partner.dex_slk)
        self.assertIn("birth date", partner.dex_slk_problem)
        partner.dex_birth_date = date(1990, 5, 17)
        self.assertFalse(partner.dex_slk)
        self.assertIn("no valid SLK", partner.dex_slk_problem)
        self.assertIn("single letter", partner.dex_slk_problem)
        partner.dex_family_name = "Xu"
        self.assertEqual(partner.dex_slk, "U22O2170519909")
        self.assertFalse(partner.dex_slk_problem)

    def test_estimated_birth_date_is_first_of_january(self):
        with self.assertRefused(ValidationError, "1 January of the estimated year"):
            self.client.write({"dex_birth_date_estimated": True})
        self.client.write(
            {"dex_birth_date": date(2000, 1, 1), "dex_birth_date_estimated": True}
        )
        # the form moves the date to 1 January when the box is ticked
        partner = self.env["res.partner"].create({"name": "Ann Estimate"})
        with Form(partner, view="base.view_partner_form") as form:
            form.dex_birth_date = date(1950, 6, 15)
            form.dex_birth_date_estimated = True
            self.assertEqual(form.dex_birth_date, date(1950, 1, 1))

    def test_disability_codes_required_with_disabilities(self):
        with self.assertRefused(ValidationError, "choose at least one disability"):
            self.client.dex_has_disability = True
        self.client.write(
            {
                "dex_has_disability": True,
                "dex_disability_ids": [(6, 0, self.physical.ids)],
            }
        )
        with self.assertRefused(ValidationError, "is not a DisabilityCode"):
            self.client.dex_disability_ids = self.female

    def test_codes_come_from_their_own_list(self):
        with self.assertRefused(ValidationError, "is not a GenderCode"):
            self.client.dex_gender_id = self.italy

    def test_address_problem(self):
        self.assertFalse(self.client.dex_address_problem)
        partner = self.env["res.partner"].create({"name": "No Where"})
        problem = partner.dex_address_problem
        for part in ("suburb", "state is missing", "postcode is missing"):
            self.assertIn(part, problem)
        partner.write(
            {
                "city": "Darwin",
                "state_id": self.env.ref("base.state_us_5").id,
                "zip": "800",
                "country_id": self.env.ref("base.us").id,
            }
        )
        problem = partner.dex_address_problem
        self.assertIn("Australian address", problem)
        self.assertIn("not an Australian state", problem)
        self.assertIn("not 4 digits", problem)
        partner.write(
            {
                "state_id": self.env.ref("base.state_au_4").id,
                "zip": "0800",
                "country_id": self.australia.id,
            }
        )
        self.assertFalse(partner.dex_address_problem)

    def _consents_on(self, day, company=None):
        facts = self.client._get_dex_client_facts(company or self.env.company, day)
        facts = facts[self.client.id]
        return facts.consent_details, facts.consent_future_contact

    def test_consent_on_a_date(self):
        self.assertEqual(self._consents_on(date(2026, 3, 3)), (False, False))
        self._consent(self.client, "details", date(2026, 1, 1), date(2026, 6, 30))
        self._consent(self.client, "future_contact", date(2026, 3, 4))
        # another organisation's consent never counts for this one
        self._consent(
            self.client, "future_contact", date(2020, 1, 1), company=self.other_company
        )
        consents = self._consents_on
        self.assertEqual(consents(date(2025, 12, 31)), (False, False))
        self.assertEqual(consents(date(2026, 3, 3)), (True, False))
        self.assertEqual(consents(date(2026, 3, 4)), (True, True))
        self.assertEqual(consents(date(2026, 7, 1)), (False, True))
        self.assertEqual(consents(date(2026, 3, 3), self.other_company), (False, True))
        with self.assertRefused(ValidationError, "ends before it starts"):
            self._consent(self.client, "details", date(2026, 5, 2), date(2026, 5, 1))

    @users("dex_user")
    def test_client_with_consent_has_names_and_street(self):
        partner = self.client.with_env(self.env)
        self._consent(partner, "details", date(2026, 1, 1))
        client, problems = partner._build_dex_client("CL-1", date(2026, 3, 3))
        self.assertEqual(problems, [])
        self.assertIsInstance(client, Client)
        self.assertTrue(client.consent_to_provide_details)
        self.assertFalse(client.consented_for_future_contacts)
        self.assertEqual(
            (client.given_name, client.family_name), ("Mary-Jane", "O'Brien-Smith")
        )
        self.assertEqual(client.slk, "BREAR290220002")
        address = client.residential_address
        self.assertEqual(
            (address.suburb, address.state_code, address.postcode),
            ("Parramatta", "NSW", "2150"),
        )
        self.assertEqual(
            (address.address_line1, address.address_line2),
            ("1 Church Street", "Unit 2"),
        )
        self.assertEqual(client.country_of_birth_code, "3104")
        self.assertEqual(client.language_spoken_at_home_code, "0002")
        self.assertEqual(self._errors(client), [])

    def test_client_without_consent_has_slk_only(self):
        self.client.write(
            {
                "dex_has_disability": True,
                "dex_disability_ids": [(6, 0, self.physical.ids)],
                "dex_birth_date": date(2000, 1, 1),
                "dex_birth_date_estimated": True,
                "dex_is_using_pseudonym": True,
            }
        )
        # consent in another company, or expired, does not count
        self._consent(
            self.client, "details", date(2026, 1, 1), company=self.other_company
        )
        self._consent(self.client, "details", date(2020, 1, 1), date(2025, 12, 31))
        client, _problems = self.client._build_dex_client("CL-2", date(2026, 3, 3))
        self.assertFalse(client.consent_to_provide_details)
        self.assertIsNone(client.given_name)
        self.assertIsNone(client.family_name)
        self.assertIsNone(client.residential_address.address_line1)
        self.assertIsNone(client.residential_address.address_line2)
        self.assertEqual(client.slk, "BREAR010120002")
        self.assertTrue(client.is_birth_date_an_estimate)
        self.assertTrue(client.is_using_pseudonym)
        self.assertEqual(client.disabilities, ("PHYSICAL",))
        self.assertEqual(self._errors(client), [])

    def test_client_missing_data_names_the_contact(self):
        partner = self.env["res.partner"].create({"name": "Pat Jones"})
        client, problems = partner._build_dex_client("CL-3", date(2026, 3, 3))
        self.assertIsNone(client)
        message = "; ".join(problem.message for problem in problems)
        self.assertIn("birth date", message)
        self.assertIn("postcode is missing", message)
        # the contact form shows the same problems the extract reports
        self.assertIn("birth date", partner.dex_slk_problem)
        self.assertIn("postcode is missing", partner.dex_address_problem)
        partner.write(
            {
                "dex_birth_date": date(1970, 3, 1),
                "city": "Westmead",
                "state_id": self.nsw.id,
                "zip": "2145",
            }
        )
        client, problems = partner._build_dex_client("CL-3", date(2026, 3, 3))
        self.assertEqual(problems, [])
        self.assertEqual(client.slk[5:], "010319709")

    def test_plain_employee_can_save_contacts(self):
        # a contact manager outside DEX: saving contacts runs the DEX computes and
        # constraints, the restricted DEX fields must not get in the way
        employee = new_test_user(
            self.env,
            login="plain_employee",
            groups="base.group_user,base.group_partner_manager",
        )
        partner = (
            self.env["res.partner"].with_user(employee).create({"name": "Kim Park"})
        )
        partner.write({"name": "Kim Park-Lee", "city": "Ryde"})
        self.assertEqual(partner.sudo().dex_family_name, "Park-Lee")
        self.assertEqual(partner.sudo().dex_gender_id.code, "NOTSTATED")
