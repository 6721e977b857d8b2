from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import clients as core_clients
from ..core import rules
from ..tools.local_time import format_local_date

#: The DEX code list of each coded field.
CODE_LISTS = {
    "gender_id": "GenderCode",
    "country_of_birth_id": "CountryOfBirthCode",
    "language_id": "LanguageSpokenAtHomeCode",
    "indigenous_id": "AboriginalOrTorresStraitIslanderOriginCode",
    "disability_ids": "DisabilityCode",
    "accommodation_id": "AccommodationTypeCode",
    "ancestry_id": "AncestryCode",
}
#: The coded fields DEX requires: they start as DEX "not stated".
REQUIRED_CODES = ("gender_id", "country_of_birth_id", "language_id", "indigenous_id")


def _code_domain(field_name):
    return [("code_list", "=", CODE_LISTS[field_name])]


def split_names(name):
    """(given names, family name) of a contact's name, as DEX wants them.

    All but the last word are the given names; a person with a single name has
    it as both given and family name.
    """
    words = (name or "").split()
    if not words:
        return False, False
    return " ".join(words[:-1]) or words[0], words[-1]


class DexPartnerProfile(models.Model):
    """What one organisation records about a client for DEX.

    A contact may be shared between the companies of one database; each
    company keeps its own DEX client data (names for DEX, birth date,
    demographics), just as it keeps its own DEX Client IDs and consent. The
    DEX fields of a contact show and edit the current company's record.
    """

    _name = "dex.partner.profile"
    _description = "DEX Client Data"
    _order = "partner_id, company_id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "partner_company_unique",
            "unique(partner_id, company_id)",
            "A contact has one set of DEX client data per company.",
        ),
    ]

    def _default_gender_id(self):
        return self._not_stated("gender_id")

    def _default_country_of_birth_id(self):
        return self._not_stated("country_of_birth_id")

    def _default_language_id(self):
        return self._not_stated("language_id")

    def _default_indigenous_id(self):
        return self._not_stated("indigenous_id")

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    given_name = fields.Char(
        string="Given Names (DEX)",
        compute="_compute_names",
        store=True,
        readonly=False,
        precompute=True,
    )
    family_name = fields.Char(
        string="Family Name (DEX)",
        compute="_compute_names",
        store=True,
        readonly=False,
        precompute=True,
    )
    birth_date = fields.Date()
    birth_date_estimated = fields.Boolean(string="Birth Date Is an Estimate")
    gender_id = fields.Many2one(
        "dex.code",
        string="Gender (DEX)",
        domain=_code_domain("gender_id"),
        default=_default_gender_id,
        ondelete="restrict",
    )
    country_of_birth_id = fields.Many2one(
        "dex.code",
        string="Country of Birth (DEX)",
        domain=_code_domain("country_of_birth_id"),
        default=_default_country_of_birth_id,
        ondelete="restrict",
    )
    language_id = fields.Many2one(
        "dex.code",
        string="Language Spoken at Home",
        domain=_code_domain("language_id"),
        default=_default_language_id,
        ondelete="restrict",
    )
    indigenous_id = fields.Many2one(
        "dex.code",
        string="Aboriginal or Torres Strait Islander Origin",
        domain=_code_domain("indigenous_id"),
        default=_default_indigenous_id,
        ondelete="restrict",
    )
    has_disability = fields.Boolean(string="Has Disabilities")
    disability_ids = fields.Many2many(
        "dex.code",
        "dex_partner_profile_disability_rel",
        "profile_id",
        "code_id",
        string="Disabilities",
        domain=_code_domain("disability_ids"),
    )
    accommodation_id = fields.Many2one(
        "dex.code",
        string="Accommodation Type",
        domain=_code_domain("accommodation_id"),
        ondelete="restrict",
    )
    ancestry_id = fields.Many2one(
        "dex.code",
        string="Ancestry",
        domain=_code_domain("ancestry_id"),
        ondelete="restrict",
    )
    is_using_pseudonym = fields.Boolean(string="Uses a Pseudonym")
    slk = fields.Char(string="SLK", compute="_compute_slk", store=True, index=True)

    @api.depends("partner_id.name")
    def _compute_names(self):
        for profile in self:
            profile.given_name, profile.family_name = split_names(
                profile.partner_id.name
            )

    @api.depends("family_name", "given_name", "birth_date", "gender_id.code")
    def _compute_slk(self):
        for profile in self:
            facts = core_clients.ClientFacts(
                given_name=profile.given_name or None,
                family_name=profile.family_name or None,
                birth_date=profile.birth_date or None,
                gender_code=profile.gender_id.code or None,
            )
            profile.slk = core_clients.slk_of(facts)[0] or False

    @api.constrains("birth_date", "birth_date_estimated")
    def _check_birth_date(self):
        for profile in self:
            birth = profile.birth_date
            if rules.estimated_birth_date_problem(birth, profile.birth_date_estimated):
                raise ValidationError(
                    self.env._(
                        "The birth date of %(partner)s is an estimate, so DEX wants "
                        "1 January of the estimated year (%(year)s), not %(date)s.",
                        partner=profile.partner_id.display_name,
                        year=birth.year,
                        date=format_local_date(self.env, birth),
                    )
                )

    @api.constrains("has_disability", "disability_ids")
    def _check_disability_ids(self):
        for profile in self:
            problem = rules.disability_problem(
                profile.has_disability, profile.disability_ids.mapped("code")
            )
            if problem == "missing":
                raise ValidationError(
                    self.env._(
                        "%(partner)s has disabilities: choose at least one disability "
                        "(or 'Not stated').",
                        partner=profile.partner_id.display_name,
                    )
                )

    @api.constrains(*CODE_LISTS)
    def _check_code_lists(self):
        for profile in self:
            for field_name, list_name in CODE_LISTS.items():
                wrong = profile[field_name].filtered(
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
                        partner=profile.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        profiles = super().create(vals_list)
        profiles._invalidate_extracts()
        return profiles

    def write(self, vals):
        result = super().write(vals)
        self._invalidate_extracts()
        return result

    @api.model
    def _not_stated(self, field_name):
        """The active "not stated" code of a required coded field, or nothing."""
        code_list = CODE_LISTS[field_name]
        return self.env["dex.code"]._dex_code(code_list, rules.NOT_STATED[code_list])

    def _invalidate_extracts(self):
        self.env["dex.extract"]._invalidate_for_partners(
            self.partner_id.ids, self.env._("a client's details changed")
        )
