from odoo import api, fields, models

from odoo.addons.base.models.res_partner import _tz_get


class DexSessionRecurrence(models.Model):
    """A series of sessions created from one repeat rule.

    The rule is kept as the wizard collected it, with the time zone whose wall
    clock the series follows; each occurrence is an ordinary dex.session.
    """

    _name = "dex.session.recurrence"
    _inherit = ["dex.recurrence.rule.mixin"]
    _description = "DEX Session Series"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self._get_default_tz(),
        help="Sessions of the series keep their local time of day in this zone.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    session_ids = fields.One2many("dex.session", "recurrence_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")

    @api.depends("session_ids")
    def _compute_session_count(self):
        counts = dict(
            self.env["dex.session"]._read_group(
                [("recurrence_id", "in", self.ids)], ["recurrence_id"], ["__count"]
            )
        )
        for recurrence in self:
            recurrence.session_count = counts.get(recurrence, 0)

    def action_open_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "group_dex_sessions.dex_session_action"
        )
        action.update(
            domain=[("recurrence_id", "=", self.id)],
            view_mode="list,calendar,form",
            views=[(False, "list"), (False, "calendar"), (False, "form")],
            context={"create": False},
        )
        return action
