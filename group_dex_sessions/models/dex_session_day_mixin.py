"""Which sessions fall on the user's today and this week, in the user's zone.

A session is on a day when it overlaps the day's local midnight-to-midnight,
taken in UTC as the database stores it. "Today" for a worker in Perth is not
today in Sydney, and neither is the UTC date.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.local_time import (
    local_days_to_utc,
    local_today,
    local_week_start,
)


class DexSessionDayMixin(models.AbstractModel):
    """Searchable "today" and "this week" of a record with a start and a stop."""

    _name = "dex.session.day.mixin"
    _description = "DEX Session Today and This Week"

    is_today = fields.Boolean(
        string="Today",
        compute="_compute_is_today",
        search="_search_is_today",
        help="The session overlaps today, in your time zone.",
    )
    is_this_week = fields.Boolean(
        string="This Week",
        compute="_compute_is_this_week",
        search="_search_is_this_week",
        help="The session overlaps this week (of your language's first day), in "
        "your time zone.",
    )

    @api.depends_context("tz", "uid")
    @api.depends("start", "stop")
    def _compute_is_today(self):
        begin, end = self._get_today_bounds()
        for session in self:
            session.is_today = session._overlaps(begin, end)

    def _search_is_today(self, operator, value):
        return self._search_overlapping(operator, value, *self._get_today_bounds())

    @api.depends_context("tz", "uid", "lang")
    @api.depends("start", "stop")
    def _compute_is_this_week(self):
        begin, end = self._get_this_week_bounds()
        for session in self:
            session.is_this_week = session._overlaps(begin, end)

    def _search_is_this_week(self, operator, value):
        return self._search_overlapping(operator, value, *self._get_this_week_bounds())

    @api.model
    def _get_today_bounds(self):
        """(start, stop) of the user's local today, in naive UTC."""
        return local_days_to_utc(self.env, local_today(self.env))

    @api.model
    def _get_this_week_bounds(self):
        """(start, stop) of the user's local week, in naive UTC."""
        first = local_week_start(self.env, local_today(self.env))
        return local_days_to_utc(self.env, first, days=7)

    def _overlaps(self, begin, end):
        self.ensure_one()
        return bool(self.start and self.stop and self.start < end and self.stop > begin)

    @api.model
    def _search_overlapping(self, operator, value, begin, end):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._(
                    "Search for sessions of a day with = True or = False, not "
                    "%(operator)s %(value)r.",
                    operator=operator,
                    value=value,
                )
            )
        overlapping = [("start", "<", end), ("stop", ">", begin)]
        if (operator == "=") == value:
            return overlapping
        return ["!", "&", *overlapping]
