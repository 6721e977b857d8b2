from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core import clients as core_clients
from ..tools.local_time import company_today
from .dex_partner_profile import CODE_LISTS, REQUIRED_CODES, split_names

DEX_GROUP = "group_dex_sessions.group_dex_sessions_group_user"
#: The DEX client fields of a contact and the field of the company's
#: dex.partner.profile each one shows.
PROFILE_FIELDS = {
    "dex_given_name": "given_name",
    "dex_family_name": "family_name",
    "dex_birth_date": "birth_date",
    "dex_birth_date_estimated": "birth_date_estimated",
    "dex_gender_id": "gender_id",
    "dex_country_of_birth_id": "country_of_birth_id",
    "dex_language_id": "language_id",
    "dex_indigenous_id": "indigenous_id",
    "dex_has_disability": "has_disability",
    "dex_disability_ids": "disability_ids",
    "dex_accommodation_id": "accommodation_id",
    "dex_ancestry_id": "ancestry_id",
    "dex_is_using_pseudonym": "is_using_pseudonym",
}
#: The DEX names follow the contact's name until someone corrects them.
NAME_FIELDS = ("dex_given_name", "dex_family_name")
#: What a DEX file sends about a client, besides the DEX fields themselves.
DEX_SENT_FIELDS = {"name", "street", "street2", "city", "state_id", "zip", "country_id"}


def _code_domain(field_name):
    return [("code_list", "=", CODE_LISTS[PROFILE_FIELDS[field_name]])]


def _profile_field(field_type, *args, compute="_compute_dex_profile", **kwargs):
    """A contact field showing the current company's DEX client data."""
    return field_type(
        *args,
        compute=compute,
        inverse="_inverse_dex_profile",
        groups=DEX_GROUP,
        **kwargs,
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    dex_identifier_ids = fields.One2many(
        "dex.partner.identifier",
        "partner_id",
        string="Personal Identifiers",
        groups=DEX_GROUP,
    )
    dex_client_id = fields.Char(
        string="DEX Client ID",
        compute="_compute_dex_client_id",
        search="_search_dex_client_id",
        groups=DEX_GROUP,
        help="The contact's DEX Client ID in the current company, valid today.",
    )
    dex_reportable = fields.Boolean(
        string="In DEX Extract",
        compute="_compute_dex_client_id",
        groups=DEX_GROUP,
        help="Without a DEX Client ID the contact can attend sessions but is left "
        "out of the DEX extract.",
    )
    dex_profile_ids = fields.One2many(
        "dex.partner.profile",
        "partner_id",
        string="DEX Client Data",
        groups=DEX_GROUP,
        help="Each company's own DEX data about the client.",
    )
    # DEX client data of the current company. Personal and sensitive: only DEX
    # users see it, and only their company's (dex.partner.profile).
    dex_given_name = _profile_field(
        fields.Char,
        compute="_compute_dex_names",
        string="Given Names (DEX)",
        help="Taken from the name (all but the last word); a person with one name "
        "has it as both given and family name.",
    )
    dex_family_name = _profile_field(
        fields.Char,
        compute="_compute_dex_names",
        string="Family Name (DEX)",
        help="Taken from the last word of the name.",
    )
    dex_birth_date = _profile_field(fields.Date, string="Birth Date")
    dex_birth_date_estimated = _profile_field(
        fields.Boolean,
        string="Birth Date Is an Estimate",
        help="DEX wants 1 January of the estimated year.",
    )
    dex_gender_id = _profile_field(
        fields.Many2one,
        "dex.code",
        string="Gender (DEX)",
        domain=_code_domain("dex_gender_id"),
    )
    dex_country_of_birth_id = _profile_field(
        fields.Many2one,
        "dex.code",
        string="Country of Birth (DEX)",
        domain=_code_domain("dex_country_of_birth_id"),
    )
    dex_language_id = _profile_field(
        fields.Many2one,
        "dex.code",
        string="Language Spoken at Home",
        domain=_code_domain("dex_language_id"),
    )
    dex_indigenous_id = _profile_field(
        fields.Many2one,
        "dex.code",
        string="Aboriginal or Torres Strait Islander Origin",
        domain=_code_domain("dex_indigenous_id"),
    )
    dex_has_disability = _profile_field(fields.Boolean, string="Has Disabilities")
    dex_disability_ids = _profile_field(
        fields.Many2many,
        "dex.code",
        string="Disabilities",
        domain=_code_domain("dex_disability_ids"),
    )
    dex_accommodation_id = _profile_field(
        fields.Many2one,
        "dex.code",
        string="Accommodation Type",
        domain=_code_domain("dex_accommodation_id"),
        help="Required by DEX only where the outlet activity asks for it.",
    )
    dex_ancestry_id = _profile_field(
        fields.Many2one,
        "dex.code",
        string="Ancestry",
        domain=_code_domain("dex_ancestry_id"),
    )
    dex_is_using_pseudonym = _profile_field(
        fields.Boolean,
        string="Uses a Pseudonym",
        help="The client gave a made-up name; reuse it at every visit.",
    )
    dex_slk = fields.Char(
        string="SLK",
        compute="_compute_dex_profile",
        search="_search_dex_slk",
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
        company = self.env.company
        today = company_today(self.env, company)
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

    @api.depends_context("company")
    @api.depends("name", "dex_profile_ids.given_name", "dex_profile_ids.family_name")
    def _compute_dex_names(self):
        profiles = self._get_dex_profiles()
        for partner in self:
            profile = profiles.get(partner.id)
            if profile:
                names = (profile.given_name, profile.family_name)
            else:
                names = split_names(partner.name)
            partner._set_dex_computed(dict(zip(NAME_FIELDS, names, strict=True)))

    @api.depends_context("company")
    @api.depends(
        *(f"dex_profile_ids.{name}" for name in PROFILE_FIELDS.values()),
        "dex_profile_ids.slk",
        "dex_profile_ids.company_id",
    )
    def _compute_dex_profile(self):
        profiles = self._get_dex_profiles()
        for partner in self:
            profile = profiles.get(partner.id)
            values = partner._get_dex_profile_values(profile)
            for name in NAME_FIELDS:
                del values[name]
            partner._set_dex_computed(values)

    def _search_dex_slk(self, operator, value):
        # the current company's key: another company's data is never searched
        return [
            (
                "dex_profile_ids",
                "any",
                [("company_id", "=", self.env.company.id), ("slk", operator, value)],
            )
        ]

    @api.depends_context("company")
    @api.depends("dex_family_name", "dex_given_name", "dex_birth_date", "dex_gender_id")
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

    def _inverse_dex_profile(self):
        """Write the DEX fields to the current company's DEX client data."""
        Profile = self.env["dex.partner.profile"]
        profiles = self._get_dex_profiles(sudo=False)
        create_vals = []
        for partner in self:
            profile = profiles.get(partner.id)
            current = partner._get_dex_profile_values(profile)
            # only what was written is in the cache: while an inverse runs, the
            # other fields of its compute are protected and read as empty
            written = [
                name
                for name in PROFILE_FIELDS
                if self.env.cache.contains(partner, self._fields[name])
                and partner[name] != current[name]
            ]
            vals = {
                PROFILE_FIELDS[name]: self._fields[name].convert_to_write(
                    partner[name], partner
                )
                for name in written
            }
            if profile and vals:
                profile.write(vals)
            elif not profile and vals:
                create_vals.append(
                    dict(vals, partner_id=partner.id, company_id=self.env.company.id)
                )
        Profile.create(create_vals)
        # the fields computed with these were protected while they were written:
        # read them again from the profiles, which now hold the truth
        self.invalidate_recordset(["dex_slk", "dex_slk_problem", "dex_profile_ids"])

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

    def _set_dex_computed(self, values):
        """Assign computed DEX fields, but not those already holding a value.

        One compute serves many fields; asked for one, it must not overwrite
        the others a form is editing (a value in the cache is current: a change
        of what a field depends on removes it from the cache first).
        """
        cache = self.env.cache
        for name, value in values.items():
            if not cache.contains(self, self._fields[name]):
                self[name] = value

    def _get_dex_profiles(self, sudo=True):
        """{partner id: the current company's dex.partner.profile}, in one search."""
        Profile = self.env["dex.partner.profile"]
        if sudo:
            # reading the current company's data for its own DEX fields: the
            # fields' groups already decide who sees them
            Profile = Profile.sudo()
        found = Profile.search(
            [
                ("partner_id", "in", self.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        return {profile.partner_id.id: profile for profile in found}

    def _get_dex_profile_values(self, profile):
        """{partner DEX field: value} from ``profile``, or the defaults of a
        contact the company has no DEX data about yet."""
        self.ensure_one()
        Profile = self.env["dex.partner.profile"]
        if profile:
            values = {name: profile[field] for name, field in PROFILE_FIELDS.items()}
            values["dex_slk"] = profile.slk
            return values
        values = {
            name: self._fields[name].convert_to_record(
                self._fields[name].convert_to_cache(False, self), self
            )
            for name in PROFILE_FIELDS
        }
        values["dex_given_name"], values["dex_family_name"] = split_names(self.name)
        for field in REQUIRED_CODES:
            partner_field = next(n for n, f in PROFILE_FIELDS.items() if f == field)
            values[partner_field] = Profile._not_stated(field)
        values["dex_slk"] = False
        return values

    def _get_dex_facts(
        self, consent_details=False, consent_future_contact=False, values=None
    ):
        """The contact's DEX data as core ClientFacts (the one mapping to DEX).

        ``values``: {DEX field: value} as _get_dex_profile_values gives them;
        by default the contact's DEX fields, with what a form is editing.
        """
        self.ensure_one()
        partner = self.sudo()  # computes of the DEX fields run for any reader
        if values is None:
            values = {name: partner[name] for name in PROFILE_FIELDS}
        return core_clients.ClientFacts(
            given_name=values["dex_given_name"] or None,
            family_name=values["dex_family_name"] or None,
            birth_date=values["dex_birth_date"] or None,
            birth_date_estimated=values["dex_birth_date_estimated"],
            gender_code=values["dex_gender_id"].code or None,
            country_of_birth_code=values["dex_country_of_birth_id"].code or None,
            language_code=values["dex_language_id"].code or None,
            indigenous_code=values["dex_indigenous_id"].code or None,
            has_disabilities=values["dex_has_disability"],
            disabilities=tuple(values["dex_disability_ids"].mapped("code")),
            accommodation_code=values["dex_accommodation_id"].code or None,
            ancestry_code=values["dex_ancestry_id"].code or None,
            is_using_pseudonym=values["dex_is_using_pseudonym"],
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
        # the DEX data of ``company``: each company keeps its own. Read from its
        # profiles in one search, not through the DEX fields of each contact:
        # their computes cost a field assignment each, for thousands of clients
        partners = self.with_company(company)
        profiles = partners._get_dex_profiles()
        return {
            partner.id: partner._get_dex_facts(
                consent_details=(partner.id, "details") in given,
                consent_future_contact=(partner.id, "future_contact") in given,
                values=partner._get_dex_profile_values(profiles.get(partner.id)),
            )
            for partner in partners
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
