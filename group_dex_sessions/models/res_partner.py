import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.codes import code_list
from ..core.errors import SlkError
from ..core.slk import make_slk
from ..core.types import Client, ResidentialAddress
from ..tools.local_time import format_local_date

DEX_GROUP = "group_dex_sessions.group_dex_sessions_group_user"
POSTCODE_PATTERN = re.compile(r"[0-9]{4}")
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
#: DEX "not stated" values: the defaults of the required coded fields, and what is
#: sent for a contact that has none (e.g. created before the addon was installed).
DEX_NOT_STATED = {
    "dex_gender_id": "NOTSTATED",
    "dex_country_of_birth_id": "0003",
    "dex_language_id": "0002",
    "dex_indigenous_id": "NOTSTATED",
}


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
            partner.dex_slk = partner._dex_slk_and_problem()[0]

    @api.depends(
        "dex_family_name", "dex_given_name", "dex_birth_date", "dex_gender_id.code"
    )
    def _compute_dex_slk_problem(self):
        for partner in self:
            partner.dex_slk_problem = partner._dex_slk_and_problem()[1]

    @api.depends("city", "state_id", "country_id", "zip")
    def _compute_dex_address_problem(self):
        for partner in self:
            partner.dex_address_problem = "; ".join(partner._dex_address_problems())

    @api.constrains("dex_birth_date", "dex_birth_date_estimated")
    def _check_dex_birth_date(self):
        # sudo: any user may save a contact, the DEX fields are for DEX users
        for partner in self.sudo():
            birth = partner.dex_birth_date
            if not (partner.dex_birth_date_estimated and birth):
                continue
            if (birth.month, birth.day) != (1, 1):
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
            if partner.dex_has_disability and not partner.dex_disability_ids:
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
        return self.env["dex.code"]._dex_code(
            DEX_CODE_LISTS[field_name], DEX_NOT_STATED[field_name]
        )

    def _dex_code_value(self, field_name):
        """The DEX code of a required coded field, "not stated" when it is empty."""
        self.ensure_one()
        return self[field_name].code or DEX_NOT_STATED[field_name]

    def _dex_slk_and_problem(self):
        """(SLK, False) from the core, or (False, why no valid SLK can be formed)."""
        self.ensure_one()
        if not self.dex_birth_date:
            return False, self.env._(
                "Enter a birth date (or an estimate) to compute the SLK."
            )
        try:
            slk = make_slk(
                self.dex_family_name,
                self.dex_given_name,
                self.dex_birth_date,
                self._dex_code_value("dex_gender_id"),
            )
        except SlkError as exc:
            return False, self.env._(
                "No valid SLK can be formed: %(reason)s.", reason=str(exc)
            )
        return slk, False

    def _dex_address_problems(self):
        """What keeps the address from being a DEX residential address."""
        self.ensure_one()
        problems = []
        australia = self.env.ref("base.au", raise_if_not_found=False)
        if self.country_id and self.country_id != australia:
            problems.append(
                self.env._(
                    "DEX needs an Australian address, the country is %(country)s",
                    country=self.country_id.name,
                )
            )
        if not (self.city or "").strip():
            problems.append(self.env._("the suburb (City) is missing"))
        if not self.state_id:
            problems.append(self.env._("the state is missing"))
        elif self.state_id.country_id != australia or self.state_id.code not in (
            code_list("StateCode")
        ):
            problems.append(
                self.env._(
                    "%(state)s is not an Australian state or territory",
                    state=self.state_id.display_name,
                )
            )
        if not self.zip:
            problems.append(self.env._("the postcode is missing"))
        elif not POSTCODE_PATTERN.fullmatch(self.zip.strip()):
            problems.append(
                self.env._(
                    "the postcode %(zip)s is not 4 digits (keep a leading zero: "
                    "0800)",
                    zip=self.zip,
                )
            )
        return problems

    def _dex_consents_on(self, day, company=None):
        """(consent to provide details, consented for future contacts) on ``day``.

        Only the contact's consent records of ``company`` (default: the current
        company) that are valid on ``day`` count.
        """
        self.ensure_one()
        company = company or self.env.company
        valid = self.dex_consent_ids.filtered(
            lambda consent: consent.company_id == company and consent._is_valid_on(day)
        )
        kinds = set(valid.mapped("consent_type"))
        return "details" in kinds, "future_contact" in kinds

    def _prepare_dex_client(self, client_id, on_date, company=None):
        """The contact as a DEX Client (``core.types.Client``) on ``on_date``.

        Consent comes from :meth:`_dex_consents_on` (``company`` defaults to the
        current company). With consent to provide details the DEX names and the
        street lines are sent; without it they are left out. The SLK is always
        sent. Coded fields left empty are sent as DEX "not stated"; disabilities
        only when the contact has disabilities.

        Raises ``UserError`` naming the contact and everything missing when the
        client cannot be described to DEX at all: no birth date, no valid SLK, an
        incomplete or non-Australian residential address, or (with consent) no
        given or family name. Everything else (codes, IDs, dates against
        sessions) is left to ``core.validator``.
        """
        self.ensure_one()
        details, future_contact = self._dex_consents_on(on_date, company)
        slk, slk_problem = self._dex_slk_and_problem()
        missing = []
        if slk_problem:
            missing.append(slk_problem)
        missing += self._dex_address_problems()
        if details and not (self.dex_given_name and self.dex_family_name):
            missing.append(
                self.env._(
                    "with consent to provide details DEX needs a given and a family "
                    "name"
                )
            )
        if missing:
            raise UserError(
                self.env._(
                    "%(partner)s cannot be sent to DEX: %(missing)s",
                    partner=self.display_name,
                    missing="; ".join(missing),
                )
            )
        address = ResidentialAddress(
            suburb=self.city.strip(),
            state_code=self.state_id.code,
            postcode=self.zip.strip(),
            address_line1=(details and self.street) or None,
            address_line2=(details and self.street2) or None,
        )
        return Client(
            client_id=client_id,
            consent_to_provide_details=details,
            consented_for_future_contacts=future_contact,
            slk=slk,
            given_name=self.dex_given_name if details else None,
            family_name=self.dex_family_name if details else None,
            is_using_pseudonym=self.dex_is_using_pseudonym,
            birth_date=self.dex_birth_date,
            is_birth_date_an_estimate=self.dex_birth_date_estimated,
            gender_code=self._dex_code_value("dex_gender_id"),
            country_of_birth_code=self._dex_code_value("dex_country_of_birth_id"),
            language_spoken_at_home_code=self._dex_code_value("dex_language_id"),
            aboriginal_or_torres_strait_islander_origin_code=self._dex_code_value(
                "dex_indigenous_id"
            ),
            has_disabilities=self.dex_has_disability,
            disabilities=tuple(self.dex_disability_ids.mapped("code"))
            if self.dex_has_disability
            else (),
            accommodation_type_code=self.dex_accommodation_id.code or None,
            ancestry_code=self.dex_ancestry_id.code or None,
            residential_address=address,
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
