from odoo import api, models

HOME_ACTION = "group_dex_sessions.dex_session_action"
USER_GROUP = "group_dex_sessions.group_dex_sessions_group_user"


class ResUsers(models.Model):
    """DEX users start in the Sessions Calendar, not in Discuss."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._dex_sync_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        # the Access Rights tab writes groups as in_group_<id> / sel_groups_<ids>
        if any(
            key == "groups_id" or key.startswith(("in_group_", "sel_groups_"))
            for key in vals
        ):
            self._dex_sync_home_action()
        return result

    @api.model
    def _dex_init_home_actions(self):
        """On install: DEX users who have no home action get the calendar."""
        group = self.env.ref(USER_GROUP)
        group.with_context(active_test=False).users._dex_sync_home_action()

    def _dex_sync_home_action(self):
        """Internal DEX users without a home action get the Sessions Calendar; a
        user who leaves the DEX groups loses it again. A home action somebody
        chose is left alone."""
        action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        group = self.env.ref(USER_GROUP, raise_if_not_found=False)
        if not action or not group:
            return
        members = self.filtered(lambda user: not user.share and group in user.groups_id)
        members.filtered(lambda user: not user.action_id).action_id = action.id
        (self - members).filtered(
            lambda user: user.action_id.id == action.id
        ).action_id = False
