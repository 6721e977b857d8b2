from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.local_time import company_today

CONSENT_TYPES = [
    ("details", "Store my name and address in DEX"),
    ("future_contact", "Contact me for research or evaluation"),
]


class DexPartnerConsent(models.Model):
    """A client's dated consent for DEX (SPEC.md section 5).

    Consent is given per organisation: a record counts only for its company, and
    only on the days between its start and (optional) end date. Withdrawn consent
    is recorded by closing the record, so earlier extracts stay explainable.
    """

    _name = "dex.partner.consent"
    _description = "DEX Consent"
    _order = "partner_id, consent_type, date_start desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    consent_type = fields.Selection(
        CONSENT_TYPES, string="Consent", required=True, default="details"
    )
    date_start = fields.Date(
        string="Valid From",
        required=True,
        default=lambda self: company_today(self.env),
    )
    date_end = fields.Date(
        string="Valid To", help="Last day of the consent; close it when withdrawn."
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    note = fields.Char(help="How and by whom the consent was recorded.")

    @api.depends("consent_type", "date_start", "date_end")
    def _compute_display_name(self):
        labels = dict(self._fields["consent_type"]._description_selection(self.env))
        for consent in self:
            consent.display_name = labels.get(consent.consent_type) or ""

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for consent in self:
            if consent.date_end and consent.date_end < consent.date_start:
                raise ValidationError(
                    self.env._(
                        "The consent of %(partner)s ends before it starts.",
                        partner=consent.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        consents = super().create(vals_list)
        consents._invalidate_extracts(consents.partner_id)
        return consents

    def write(self, vals):
        partners = self.partner_id
        result = super().write(vals)
        self._invalidate_extracts(partners | self.partner_id)
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        self._invalidate_extracts(partners)
        return result

    @api.model
    def _invalidate_extracts(self, partners):
        self.env["dex.extract"]._invalidate_for_partners(
            partners.ids, self.env._("a client's consent changed")
        )

    def _is_valid_on(self, day):
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or day <= self.date_end)
