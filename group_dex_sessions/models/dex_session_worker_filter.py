from odoo import fields, models


class DexSessionWorkerFilter(models.Model):
    """Workers a user has put in the Sessions Calendar's side panel.

    Each checked worker's sessions show in the calendar against their avatar; the
    web calendar stores these per user, like the attendee filters of calendar.event.
    """

    _name = "dex.session.worker.filter"
    _description = "Sessions Calendar Worker Filter"
    _order = "id"

    _sql_constraints = [
        (
            "user_worker_unique",
            "unique(user_id, worker_id)",
            "This worker is already in your calendar filters.",
        ),
    ]

    user_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    # Named like dex.session.worker_id: the web calendar formats filter values with
    # the field of the same name on the calendar's own model.
    worker_id = fields.Many2one(
        "hr.employee", string="Worker", required=True, index=True, ondelete="cascade"
    )
    worker_checked = fields.Boolean(string="Shown", default=True)
    active = fields.Boolean(default=True)
