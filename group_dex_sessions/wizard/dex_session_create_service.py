from odoo import api, fields, models
from odoo.exceptions import UserError


class DexSessionCreateService(models.TransientModel):
    """A planned service while the session wizard is open.

    Each service is edited in its own form, on a draft: a new service is a draft
    of the wizard, an edit is a draft copy of the saved line. Save Service puts
    the draft in place; Discard drops it, so a discarded edit changes nothing.
    """

    _name = "dex.session.create.service"
    _inherit = ["dex.planned.service.mixin"]
    _description = "DEX Session Wizard Service"
    _order = "id"

    # Save Service checks these with a message instead: Discard must never be
    # stopped by an empty field.
    category_id = fields.Many2one(required=False)
    service_id = fields.Many2one(required=False)
    wizard_id = fields.Many2one("dex.session.create", index=True, ondelete="cascade")
    draft_wizard_id = fields.Many2one(
        "dex.session.create",
        readonly=True,
        ondelete="cascade",
        help="The wizard this service is being added to or edited in.",
    )
    draft_of_id = fields.Many2one(
        "dex.session.create.service",
        readonly=True,
        ondelete="cascade",
        help="The saved service this draft edits.",
    )
    session_client_ids = fields.Many2many(
        "res.partner",
        string="Session Clients",
        compute="_compute_session_client_ids",
    )
    client_ids = fields.Many2many(
        "res.partner",
        "dex_session_create_service_client_rel",
        "line_id",
        "partner_id",
        string="Clients",
        domain="[('id', 'in', session_client_ids)]",
    )

    @api.depends("wizard_id.client_ids", "draft_wizard_id.client_ids")
    def _compute_session_client_ids(self):
        for line in self:
            wizard = line.wizard_id or line.draft_wizard_id
            line.session_client_ids = wizard.client_ids

    def action_save_service(self):
        self.ensure_one()
        wizard = self.draft_wizard_id or self.wizard_id
        errors = self._get_service_form_errors(wizard.client_ids)
        if errors:
            raise UserError("\n".join(errors))
        if self.draft_of_id:
            self.draft_of_id.write(self._prepare_planned_service_vals()[0])
            self.unlink()
        elif self.draft_wizard_id:
            self.write({"wizard_id": wizard.id, "draft_wizard_id": False})
        return wizard._reopen()

    def action_discard_service(self):
        self.ensure_one()
        wizard = self.draft_wizard_id or self.wizard_id
        if self.draft_wizard_id:
            self.unlink()
        return wizard._reopen()

    def action_edit_service(self):
        """Edit a saved service in its form, on a draft copy."""
        self.ensure_one()
        draft = self.create(
            dict(
                self._prepare_planned_service_vals()[0],
                draft_wizard_id=self.wizard_id.id,
                draft_of_id=self.id,
            )
        )
        return draft._get_form_action()

    def _get_form_action(self):
        self.ensure_one()
        wizard = self.draft_wizard_id or self.wizard_id
        view = self.env.ref("group_dex_sessions.dex_session_create_service_view_form")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(title)s: %(what)s",
                title=wizard._get_title(),
                what=self.env._("Edit Planned Service")
                if self.draft_of_id
                else self.env._("Add Planned Service"),
            ),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(view.id, "form")],
            "target": "new",
            "context": self.env.context,
        }

    def _get_service_form_errors(self, attendees):
        self.ensure_one()
        errors = []
        if not self.category_id or not self.service_id:
            errors.append(self.env._("Choose the support category and the service."))
        return errors + self._get_planned_service_errors(attendees)
