from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import rules
from ..tools.local_time import company_today

DEX_CLIENT_ID_CODE = "DEX_CLIENT_ID"


class DexPartnerIdentifier(models.Model):
    """A personal identifier of a contact, such as the DEX Client ID."""

    _name = "dex.partner.identifier"
    _description = "Personal Identifier"
    _order = "type_id, date_start desc, id desc"
    _check_company_auto = True

    _sql_constraints = [
        (
            "value_unique",
            "unique(company_id, type_id, name)",
            "This identifier value is already used by another contact of the company.",
        ),
    ]

    name = fields.Char(string="Value", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    type_id = fields.Many2one(
        "dex.identifier.type", string="Identifier Type", required=True, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Date(
        string="Valid From", default=lambda self: company_today(self.env)
    )
    date_end = fields.Date(string="Valid To")
    is_generated = fields.Boolean(
        string="Generated", readonly=True, help="Issued from the company sequence."
    )

    @api.constrains("name")
    def _check_name(self):
        for identifier in self:
            # DEX matches clients on this value: short and plain, so that it can
            # never smuggle a name or a birth date into the file
            if rules.id_problem(identifier.name or ""):
                raise ValidationError(
                    self.env._(
                        "Identifier %(value)r is not allowed: use 1 to 50 letters, "
                        "digits, '-' or '_' and nothing personal (no name, no birth "
                        "date).",
                        value=identifier.name,
                    )
                )
            if self._value_reveals_person(identifier):
                raise ValidationError(
                    self.env._(
                        "Identifier %(value)r contains personal information of "
                        "%(partner)s; DEX forbids that. Generate one instead.",
                        value=identifier.name,
                        partner=identifier.partner_id.display_name,
                    )
                )

    @api.constrains("date_start", "date_end", "partner_id", "type_id", "company_id")
    def _check_dates(self):
        for identifier in self:
            if (
                identifier.date_start
                and identifier.date_end
                and identifier.date_end < identifier.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Identifier %(value)r ends before it starts.",
                        value=identifier.name,
                    )
                )
            others = identifier.partner_id.dex_identifier_ids.filtered(
                lambda other, ident=identifier: other != ident
                and other.type_id == ident.type_id
                and other.company_id == ident.company_id
                and other._overlaps(ident)
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(partner)s already has the %(type)s %(value)s for that "
                        "period; close it (Valid To) before adding another.",
                        partner=identifier.partner_id.display_name,
                        type=identifier.type_id.name,
                        value=others[0].name,
                    )
                )

    def _overlaps(self, other):
        self.ensure_one()
        far_past, far_future = (
            fields.Date.to_date("1900-01-01"),
            fields.Date.to_date("9999-12-31"),
        )
        return (self.date_start or far_past) <= (other.date_end or far_future) and (
            other.date_start or far_past
        ) <= (self.date_end or far_future)

    def _is_valid_on(self, day):
        self.ensure_one()
        return (not self.date_start or self.date_start <= day) and (
            not self.date_end or day <= self.date_end
        )

    @api.model_create_multi
    def create(self, vals_list):
        identifiers = super().create(vals_list)
        identifiers._refresh_deliveries()
        return identifiers

    def write(self, vals):
        result = super().write(vals)
        if {"name", "date_start", "date_end", "partner_id"} & set(vals):
            self._refresh_deliveries()
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        self.env["dex.extract"]._invalidate_for_partners(
            partners.ids, self.env._("a client's DEX Client ID changed")
        )
        return result

    def _refresh_deliveries(self):
        # A client who gets a DEX Client ID later becomes reportable: their waiting
        # SDs pick it up without being made again.
        client_ids = self.filtered(
            lambda ident: ident.type_id.code == DEX_CLIENT_ID_CODE
        )
        if client_ids:
            self.env["dex.service.delivery"]._refresh_dex_client_ids(
                client_ids.partner_id
            )
            self.env["dex.extract"]._invalidate_for_partners(
                client_ids.partner_id.ids,
                self.env._("a client's DEX Client ID changed"),
            )

    @api.model
    def _dex_client_id_map(self, keys):
        """DEX Client IDs valid on given days: {(partner, company, day): value}.

        ``keys`` are (partner id, company id, date) triples; one search serves all.
        """
        keys = set(keys)
        if not keys:
            return {}
        found = self.search(
            [
                ("type_id.code", "=", DEX_CLIENT_ID_CODE),
                ("partner_id", "in", list({key[0] for key in keys})),
                ("company_id", "in", list({key[1] for key in keys})),
            ]
        )
        by_owner = {}
        for ident in found:
            by_owner.setdefault((ident.partner_id.id, ident.company_id.id), []).append(
                ident
            )
        Company = self.env["res.company"]
        # the organisation's today, whoever completes the session: a
        # scheduled action in UTC is still on yesterday in Sydney's morning
        companies = {key[1] for key in keys}
        today = {c: company_today(self.env, Company.browse(c)) for c in companies}
        result = {}
        for partner_id, company_id, day in keys:
            owned = by_owner.get((partner_id, company_id), ())
            # the ID valid that day; else the client's current one, because an ID
            # issued later also reports the client's earlier services
            chosen = next((i for i in owned if i._is_valid_on(day)), None) or next(
                (i for i in owned if i._is_valid_on(today[company_id])), None
            )
            if chosen:
                result[(partner_id, company_id, day)] = chosen.name
        return result

    @api.model
    def _value_reveals_person(self, identifier):
        # sudo: the DEX names and birth date are DEX fields; whoever saves an
        # identifier meets this rule
        partner = identifier.partner_id.sudo()
        tokens = rules.personal_tokens(
            (partner.name, partner.dex_given_name, partner.dex_family_name),
            partner.dex_birth_date,
        )
        return bool(rules.reveals_person(identifier.name, tokens))
