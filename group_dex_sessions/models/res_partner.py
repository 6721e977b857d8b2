from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

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
