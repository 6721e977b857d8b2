from lxml import etree

from odoo.tests import Form, new_test_user, users
from odoo.tools.safe_eval import safe_eval

from ..tools.local_time import company_today
from .common import DexSessionsCase


class TestSessionDropdowns(DexSessionsCase):
    """Site offers the organisation's sites; Clients offers people, and creating
    one asks for what DEX needs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        own = cls.company.partner_id
        cls.own_address = Partner.create(
            {"name": "Hub, Back Gate", "parent_id": own.id, "type": "other"}
        )
        cls.own_staff = Partner.create(
            {"name": "Office Manager", "parent_id": own.id, "type": "contact"}
        )
        cls.shared_site = Partner.create({"name": "Town Hall", "dex_is_site": True})
        cls.other_site = Partner.create(
            {
                "name": "Other Org's Hall",
                "dex_is_site": True,
                "company_id": cls.other_company.id,
            }
        )
        cls.customer = Partner.create({"name": "Deco Supplies", "is_company": True})
        cls.customer_contact = Partner.create(
            {"name": "Buyer at Deco", "parent_id": cls.customer.id}
        )
        cls.person = Partner.create({"name": "Marg Client"})
        cls.person_postal = Partner.create(
            {"name": "Marg's postal box", "parent_id": cls.person.id, "type": "other"}
        )
        cls.staff_user = new_test_user(cls.env, login="staff_login", name="Staff Login")

    def _wizard_field(self, name):
        """The wizard's field as the web client gets it: node and domain."""
        views = self.env["dex.session.create"].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        [node] = arch.xpath(f"//field[@name='{name}'][not(ancestor::field)]")
        fields = views["models"]["dex.session.create"]["fields"]
        return node, fields[name].get("domain", "[]")

    def _offered(self, name, record):
        """What the dropdown of ``name`` offers on ``record``."""
        _node, domain = self._wizard_field(name)
        if isinstance(domain, str):
            domain = safe_eval(
                domain,
                {
                    "company_id": record.company_id.id,
                    "client_ids": record.client_ids.ids,
                },
            )
        return self.env["res.partner"].search(domain)

    @users("dex_user")
    def test_site_offers_the_company_its_addresses_and_flagged_sites(self):
        wizard = self.env["dex.session.create"].create({"name": "Cooking group"})
        offered = self._offered("site_partner_id", wizard)
        expected = (
            self.company.partner_id | self.own_address | self.shared_site | self.site
        )
        self.assertEqual(offered & expected, expected)
        for wrong in (
            self.own_staff,
            self.other_site,
            self.customer,
            self.customer_contact,
            self.person,
        ):
            self.assertNotIn(wrong, offered, wrong.name)

    @users("dex_user")
    def test_a_site_created_from_the_dropdown_is_a_site(self):
        node, _domain = self._wizard_field("site_partner_id")
        self.assertTrue(safe_eval(node.get("options"))["no_quick_create"])
        context = safe_eval(node.get("context"))
        hall = (
            self.env["res.partner"]
            .with_context(**context)
            .create({"name": "New Venue"})
        )
        wizard = self.env["dex.session.create"].create({"name": "Cooking group"})
        self.assertIn(hall, self._offered("site_partner_id", wizard))

    @users("dex_user")
    def test_clients_offers_people_only(self):
        wizard = self.env["dex.session.create"].create({"name": "Cooking group"})
        offered = self._offered("client_ids", wizard)
        self.assertIn(self.person, offered)
        self.assertEqual(offered & self.clients, self.clients)
        for wrong in (
            self.company.partner_id,
            self.own_address,
            self.own_staff,
            self.site,
            self.shared_site,
            self.customer,
            self.customer_contact,
            self.person_postal,
            self.staff_user.partner_id,
        ):
            self.assertNotIn(wrong, offered, wrong.name)

    @users("dex_user")
    def test_creating_a_client_asks_for_the_dex_fields_and_issues_an_id(self):
        node, _domain = self._wizard_field("client_ids")
        # no 'Create "Marg"' making an empty contact: Create and edit opens the
        # quick client form
        self.assertTrue(safe_eval(node.get("options"))["no_quick_create"])
        view_ref = safe_eval(node.get("context"))["form_view_ref"]
        partners = self.env["res.partner"].with_context(default_name="Marg Tester")
        with Form(partners, view=view_ref) as form:
            self.assertEqual(form.dex_given_name, "Marg")
            self.assertEqual(form.dex_family_name, "Tester")
            form.dex_birth_date_estimated = True
            form.dex_birth_date = "1950-06-15"
            self.assertEqual(str(form.dex_birth_date), "1950-01-01")
            form.dex_gender_id = self.env.ref(
                "group_dex_sessions.dex_code_gendercode_female"
            )
            with form.dex_consent_ids.new() as consent:
                # valid from the organisation's today, whatever the user's clock
                self.assertEqual(consent.date_start, company_today(self.env))
                consent.consent_type = "details"
            form.city = "Parramatta"
            form.zip = "2150"
            # a button would close the session wizard behind: a tick issues it
            form.dex_generate_client_id = True
        client = form.record
        self.assertTrue(client.dex_reportable)
        self.assertFalse(client.dex_generate_client_id)
        self.assertRegex(client.dex_client_id, r"^DEX\d{7}$")
        self.assertEqual(client.dex_slk, "ESEAR010119502")
        [consent] = client.dex_consent_ids
        self.assertEqual(
            (consent.consent_type, consent.date_start, consent.company_id),
            ("details", company_today(self.env), self.company),
        )
        facts = client._get_dex_client_facts(self.env.company, consent.date_start)
        facts = facts[client.id]
        self.assertEqual(
            (facts.consent_details, facts.consent_future_contact), (True, False)
        )
        wizard = self.env["dex.session.create"].create({"name": "Cooking group"})
        self.assertIn(client, self._offered("client_ids", wizard))
