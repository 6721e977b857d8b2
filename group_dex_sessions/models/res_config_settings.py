from odoo import api, fields, models

AU_LANG = "en_AU"
AU_TZ = "Australia/Sydney"
USER_GROUP = "group_dex_sessions.group_dex_sessions_group_user"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dex_roster_conflict_policy = fields.Selection(
        related="company_id.dex_roster_conflict_policy", readonly=False
    )
    dex_case_strategy = fields.Selection(
        related="company_id.dex_case_strategy", readonly=False
    )
    dex_count_unidentified_clients = fields.Boolean(
        related="company_id.dex_count_unidentified_clients", readonly=False
    )
    dex_australian_defaults_todo = fields.Text(
        string="Australian Defaults Missing",
        compute="_compute_dex_australian_defaults_todo",
    )

    @api.depends("company_id")
    def _compute_dex_australian_defaults_todo(self):
        for settings in self:
            settings.dex_australian_defaults_todo = "\n".join(
                settings._get_dex_australian_defaults_todo()
            )

    def action_dex_apply_australian_defaults(self):
        self.ensure_one()
        self._dex_apply_australian_defaults(self.company_id)
        # the administrator's own language and week may have changed
        return {"type": "ir.actions.client", "tag": "reload"}

    def _get_dex_australian_defaults_todo(self):
        """What still differs from the Australian defaults, one line each."""
        self.ensure_one()
        todo = []
        lang = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", AU_LANG)], limit=1)
        )
        if not lang.active:
            todo.append(self.env._("English (Australia) is not active."))
        elif lang.week_start != "1":
            todo.append(self.env._("English (Australia) weeks do not start on Monday."))
        if not self.company_id.partner_id.tz:
            todo.append(self.env._("The company has no time zone."))
        users = self._get_dex_users()
        other_lang = users.filtered(lambda user: user.lang != AU_LANG)
        if other_lang:
            todo.append(
                self.env._(
                    "DEX users not in English (Australia): %(users)s.",
                    users=", ".join(other_lang.mapped("name")),
                )
            )
        no_tz = users.filtered(lambda user: not user.tz)
        if no_tz:
            todo.append(
                self.env._(
                    "DEX users without a time zone: %(users)s.",
                    users=", ".join(no_tz.mapped("name")),
                )
            )
        return todo

    @api.model
    def _get_dex_users(self):
        return self.env.ref(USER_GROUP).users.filtered(lambda user: not user.share)

    @api.model
    def _dex_apply_australian_defaults(self, company=None):
        """English (Australia) with Monday weeks, and Sydney time where none is set.

        DEX users in US English move to English (Australia); users who chose
        another language or a time zone keep theirs.
        """
        company = company or self.env.company
        lang = self.env["res.lang"]._activate_lang(AU_LANG)
        lang.week_start = "1"
        if not company.partner_id.tz:
            company.partner_id.tz = AU_TZ
        users = self._get_dex_users()
        users.filtered(lambda user: user.lang in (False, "en_US")).lang = AU_LANG
        users.filtered(lambda user: not user.tz).tz = AU_TZ
