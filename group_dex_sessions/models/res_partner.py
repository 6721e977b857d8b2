from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core import clients as core_clients
from ..core import rules
from ..tools.local_time import format_local_date

DEX_GROUP = "group_dex_sessions.group_dex_sessions_group_user"
#: The DEX code list of each coded client field.
DEX_CODE_LISTS = {
    "dex_gender_id": "GenderCode",
    "dex_country_of_birth_id": "CountryOfBirthCode",
    "dex_language_id": "LanguageSpokenAtHomeCode",
    "dex_indigenous_id": "AboriginalOrTorresStraitIslanderOriginCode",
    "dex_disability_ids": "DisabilityCode",
    "dex_accommodation_id": "AccommodationTypeCode",
    "dex_ancestry_id": "AncestryCode",
}
#: What a DEX file sends about a client, besides the DEX fields themselves.
DEX_SENT_FIELDS = {"name", "street", "street2", "city", "state_id", "zip", "country_id"}
#: The coded fields DEX requires: they default to DEX "not stated".
DEX_REQUIRED_CODES = (
    "dex_gender_id",
    "dex_country_of_birth_id",
    "dex_language_id",
    "dex_indigenous_id",
)


def _code_domain(field_name):
    return [("code_list", "=", DEX_CODE_LISTS[field_name])]


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _default_dex_gender_id(self):
        return self._dex_not_stated("dex_gender_id")

    def _default_dex_country_of_birth_id(self):
        return self._dex_not_stated("dex_country_of_birth_id")

    def _default_dex_language_id(self):
        return self._dex_not_stated("dex_language_id")

    def _default_dex_indigenous_id(self):
        return self._dex_not_stated("dex_indigenous_id")

    dex_identifier_ids = fields.One2many(
        "dex.partner.identifier", "partner_id", string="Personal Identifiers"
    )
    dex_client_id = fields.Char(
        string="DEX Client ID",
        compute="_compute_dex_client_id",
        search="_search_dex_client_id",
        help="The contact's DEX Client ID in the current company, valid today.",
    )
    dex_reportable = fields.Boolean(
        string="In DEX Extract",
        compute="_compute_dex_client_id",
        help="Without a DEX Client ID the contact can attend sessions but is left "
        "out of the DEX extract.",
    )
    # DEX client data (SPEC.md section 3.1). Personal and sensitive: only DEX users
    # see these fields.
    dex_given_name = fields.Char(
        string="Given Names (DEX)",
        compute="_compute_dex_names",
        store=True,
        readonly=False,
        groups=DEX_GROUP,
        help="Taken from the name (all but the last word); a person with one name "
        "has it as both given and family name.",
    )
    dex_family_name = fields.Char(
        string="Family Name (DEX)",
        compute="_compute_dex_names",
        store=True,
        readonly=False,
        groups=DEX_GROUP,
        help="Taken from the last word of the name.",
    )
    dex_birth_date = fields.Date(string="Birth Date", groups=DEX_GROUP)
    dex_birth_date_estimated = fields.Boolean(
        string="Birth Date Is an Estimate",
        groups=DEX_GROUP,
        help="DEX wants 1 January of the estimated year.",
    )
    dex_gender_id = fields.Many2one(
        "dex.code",
        string="Gender (DEX)",
        domain=_code_domain("dex_gender_id"),
        default=_default_dex_gender_id,
        ondelete="restrict",
        groups=DEX_GROUP,
    )
    dex_country_of_birth_id = fields.Many2one(
        "dex.code",
        string="Country of Birth (DEX)",
        domain=_code_domain("dex_country_of_birth_id"),
        default=_default_dex_country_of_birth_id,
        ondelete="restrict",
        groups=DEX_GROUP,
    )
    dex_language_id = fields.Many2one(
        "dex.code",
        string="Language Spoken at Home",
        domain=_code_domain("dex_language_id"),
        default=_default_dex_language_id,
        ondelete="restrict",
        groups=DEX_GROUP,
    )
    dex_indigenous_id = fields.Many2one(
        "dex.code",
        string="Aboriginal or Torres Strait Islander Origin",
        domain=_code_domain("dex_indigenous_id"),
        default=_default_dex_indigenous_id,
        ondelete="restrict",
        groups=DEX_GROUP,
    )
    dex_has_disability = fields.Boolean(string="Has Disabilities", groups=DEX_GROUP)
    dex_disability_ids = fields.Many2many(
        "dex.code",
        "res_partner_dex_disability_rel",
        "partner_id",
        "code_id",
        string="Disabilities",
        domain=_code_domain("dex_disability_ids"),
        groups=DEX_GROUP,
    )
    dex_accommodation_id = fields.Many2one(
        "dex.code",
        string="Accommodation Type",
        domain=_code_domain("dex_accommodation_id"),
        ondelete="restrict",
        groups=DEX_GROUP,
        help="Required by DEX only where the outlet activity asks for it.",
    )
    dex_ancestry_id = fields.Many2one(
        "dex.code",
        string="Ancestry",
        domain=_code_domain("dex_ancestry_id"),
        ondelete="restrict",
        groups=DEX_GROUP,
    )
    dex_is_using_pseudonym = fields.Boolean(
        string="Uses a Pseudonym",
        groups=DEX_GROUP,
        help="The client gave a made-up name; reuse it at every visit.",
    )
    dex_slk = fields.Char(
        string="SLK",
        compute="_compute_dex_slk",
        store=True,
        groups=DEX_GROUP,
        help="Statistical Linkage Key (SLK-581) from the DEX names, birth date and "
        "gender. Always sent to DEX, with or without consent.",
    )
    dex_slk_problem = fields.Char(
        string="SLK Problem", compute="_compute_dex_slk_problem", groups=DEX_GROUP
    )
    dex_address_problem = fields.Char(
        string="DEX Address Problem",
        compute="_compute_dex_address_problem",
        groups=DEX_GROUP,
    )
    dex_consent_ids = fields.One2many(
        "dex.partner.consent", "partner_id", string="DEX Consent", groups=DEX_GROUP
    )
    dex_is_site = fields.Boolean(
        string="Session Site",
        help="Group sessions can take place here. The company's own addresses are "
        "sites without it.",
    )
    dex_own_company_ids = fields.One2many(
        "res.company",
        "partner_id",
        string="Company of This Contact",
        help="The companies this contact is the partner of: their addresses are "
        "session sites.",
    )
    dex_generate_client_id = fields.Boolean(
        string="Generate DEX Client ID",
        compute="_compute_dex_generate_client_id",
        inverse="_inverse_dex_generate_client_id",
        groups=DEX_GROUP,
        help="Issue a DEX Client ID from the company sequence when the contact is "
        "saved.",
    )

    @api.depends_context("company")
    @api.depends(
        "dex_identifier_ids.name",
        "dex_identifier_ids.date_start",
        "dex_identifier_ids.date_end",
    )
    def _compute_dex_client_id(self):
        id_type = self.env.ref("group_dex_sessions.dex_identifier_type_client_id")
        today = fields.Date.context_today(self)
        company = self.env.company
        for partner in self:
            current = partner.dex_identifier_ids.filtered(
                lambda ident: ident.type_id == id_type
                and ident.company_id == company
                and ident._is_valid_on(today)
            )[:1]
            partner.dex_client_id = current.name
            partner.dex_reportable = bool(current)

    def _search_dex_client_id(self, operator, value):
        id_type = self.env.ref("group_dex_sessions.dex_identifier_type_client_id")
        domain = [
            ("type_id", "=", id_type.id),
            ("company_id", "=", self.env.company.id),
        ]
        if operator in ("=", "!=") and not value:
            # "is set" / "is not set"
            any_op = "any" if operator == "!=" else "not any"
            return [("dex_identifier_ids", any_op, domain)]
        return [("dex_identifier_ids", "any", domain + [("name", operator, value)])]

    @api.depends("name")
    def _compute_dex_names(self):
        for partner in self:
            words = (partner.name or "").split()
            # DEX: a person with a single name has it as given and family name
            partner.dex_given_name = " ".join(words[:-1]) or (
                words[0] if words else False
            )
            partner.dex_family_name = words[-1] if words else False

    @api.depends(
        "dex_family_name", "dex_given_name", "dex_birth_date", "dex_gender_id.code"
    )
    def _compute_dex_slk(self):
        for partner in self:
            partner.dex_slk = core_clients.slk_of(partner._get_dex_facts())[0] or False

    @api.depends(
        "dex_family_name", "dex_given_name", "dex_birth_date", "dex_gender_id.code"
    )
    def _compute_dex_slk_problem(self):
        for partner in self:
            problems = core_clients.client_problems(partner._get_dex_facts())
            partner.dex_slk_problem = (
                "; ".join(p.message for p in problems if p.topic == "slk") or False
            )

    @api.depends("city", "state_id", "country_id", "zip")
    def _compute_dex_address_problem(self):
        for partner in self:
            problems = core_clients.client_problems(partner._get_dex_facts())
            partner.dex_address_problem = (
                "; ".join(p.message for p in problems if p.topic == "address") or False
            )

    @api.constrains("dex_birth_date", "dex_birth_date_estimated")
    def _check_dex_birth_date(self):
        # sudo: any user may save a contact, the DEX fields are for DEX users
        for partner in self.sudo():
            birth = partner.dex_birth_date
            if rules.estimated_birth_date_problem(
                birth, partner.dex_birth_date_estimated
            ):
                raise ValidationError(
                    self.env._(
                        "The birth date of %(partner)s is an estimate, so DEX wants "
                        "1 January of the estimated year (%(year)s), not %(date)s.",
                        partner=partner.display_name,
                        year=birth.year,
                        date=format_local_date(self.env, birth),
                    )
                )

    @api.constrains("dex_has_disability", "dex_disability_ids")
    def _check_dex_disability_ids(self):
        # sudo: any user may save a contact, the DEX fields are for DEX users
        for partner in self.sudo():
            problem = rules.disability_problem(
                partner.dex_has_disability, partner.dex_disability_ids.mapped("code")
            )
            if problem == "missing":
                raise ValidationError(
                    self.env._(
                        "%(partner)s has disabilities: choose at least one disability "
                        "(or 'Not stated').",
                        partner=partner.display_name,
                    )
                )

    @api.constrains(*DEX_CODE_LISTS)
    def _check_dex_code_lists(self):
        # sudo: any user may save a contact, the DEX fields are for DEX users
        for partner in self.sudo():
            for field_name, list_name in DEX_CODE_LISTS.items():
                wrong = partner[field_name].filtered(
                    lambda code, list_name=list_name: code.code_list != list_name
                )
                if not wrong:
                    continue
                field = self._fields[field_name].get_description(self.env)
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a %(list)s and cannot be the %(field)s of "
                        "%(partner)s.",
                        code=wrong[0].display_name,
                        list=list_name,
                        field=field["string"],
                        partner=partner.display_name,
                    )
                )

    @api.onchange("dex_birth_date_estimated", "dex_birth_date")
    def _onchange_dex_birth_date_estimated(self):
        if self.dex_birth_date_estimated and self.dex_birth_date:
            self.dex_birth_date = self.dex_birth_date.replace(month=1, day=1)

    @api.onchange("dex_has_disability")
    def _onchange_dex_has_disability(self):
        if not self.dex_has_disability:
            self.dex_disability_ids = False

    def write(self, vals):
        result = super().write(vals)
        if any(name.startswith("dex_") or name in DEX_SENT_FIELDS for name in vals):
            self.env["dex.extract"]._invalidate_for_partners(
                self.ids, self.env._("a client's details changed")
            )
        return result

    def action_generate_dex_client_id(self):
        """Issue a DEX Client ID from the company sequence for contacts without one."""
        id_type = self.env.ref("group_dex_sessions.dex_identifier_type_client_id")
        missing = self.filtered(lambda partner: not partner.dex_client_id)
        if not missing:
            raise UserError(self.env._("These contacts already have a DEX Client ID."))
        sequence = self.env["ir.sequence"]
        vals_list = [
            {
                "partner_id": partner.id,
                "type_id": id_type.id,
                "company_id": self.env.company.id,
                "name": sequence.next_by_code(id_type.sequence_code),
                "is_generated": True,
            }
            for partner in missing
        ]
        self.env["dex.partner.identifier"].create(vals_list)
        return True

    @api.model
    def _dex_not_stated(self, field_name):
        """The active "not stated" code of a coded field, or an empty recordset."""
        code_list = DEX_CODE_LISTS[field_name]
        return self.env["dex.code"]._dex_code(code_list, rules.NOT_STATED[code_list])

    def _get_dex_facts(self, consent_details=False, consent_future_contact=False):
        """The contact's DEX data as core ClientFacts (the one mapping to DEX)."""
        self.ensure_one()
        partner = self.sudo()  # computes of the DEX fields run for any reader
        return core_clients.ClientFacts(
            given_name=partner.dex_given_name or None,
            family_name=partner.dex_family_name or None,
            birth_date=partner.dex_birth_date or None,
            birth_date_estimated=partner.dex_birth_date_estimated,
            gender_code=partner.dex_gender_id.code or None,
            country_of_birth_code=partner.dex_country_of_birth_id.code or None,
            language_code=partner.dex_language_id.code or None,
            indigenous_code=partner.dex_indigenous_id.code or None,
            has_disabilities=partner.dex_has_disability,
            disabilities=tuple(partner.dex_disability_ids.mapped("code")),
            accommodation_code=partner.dex_accommodation_id.code or None,
            ancestry_code=partner.dex_ancestry_id.code or None,
            is_using_pseudonym=partner.dex_is_using_pseudonym,
            street=partner.street or None,
            street2=partner.street2 or None,
            suburb=partner.city or None,
            state_code=partner._get_dex_state_code(),
            postcode=partner.zip or None,
            country_code=partner.country_id.code or None,
            consent_details=consent_details,
            consent_future_contact=consent_future_contact,
        )

    def _get_dex_state_code(self):
        """The DEX StateCode of the address; a foreign state by its name, so the
        core can say what is wrong with it."""
        state = self.state_id
        if not state:
            return None
        return state.code if state.country_id.code == "AU" else state.display_name

    def _get_dex_client_facts(self, company, on_date):
        """{partner id: ClientFacts} with the consent of ``company`` on ``on_date``.

        One search for the consents of every contact. Consent is judged on the
        day the file is made (the submission date), never the session date: DEX
        keeps one Client record per ClientId and each file overwrites it.
        """
        consents = self.env["dex.partner.consent"].search_fetch(
            [
                ("partner_id", "in", self.ids),
                ("company_id", "=", company.id),
                ("date_start", "<=", on_date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", on_date),
            ],
            ["partner_id", "consent_type"],
        )
        given = {(c.partner_id.id, c.consent_type) for c in consents}
        return {
            partner.id: partner._get_dex_facts(
                consent_details=(partner.id, "details") in given,
                consent_future_contact=(partner.id, "future_contact") in given,
            )
            for partner in self
        }

    def _build_dex_client(self, client_id, on_date, company=None):
        """(core Client, []) or (None, problems): the contact as DEX gets it."""
        self.ensure_one()
        company = company or self.env.company
        facts = self._get_dex_client_facts(company, on_date)[self.id]
        return core_clients.build_client(
            client_id, facts, source=f"res.partner,{self.id}"
        )

    def _compute_dex_generate_client_id(self):
        # a request, not a state: the tick is always clear once saved
        self.dex_generate_client_id = False

    def _inverse_dex_generate_client_id(self):
        # the quick client form ticks this instead of pressing a button, which
        # would close the session wizard the form was opened from
        requested = self.filtered("dex_generate_client_id")
        if requested.filtered(lambda partner: not partner.dex_client_id):
            requested.action_generate_dex_client_id()
