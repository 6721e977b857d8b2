from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.recurrence import (
    MAX_OCCURRENCES,
    RecurrenceError,
    RecurrenceRule,
    count_occurrences,
    expand,
    parse_weekdays,
    shift_slots,
)
from ..tools.local_time import company_tz

RECURRENCE_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("fortnight", "Fortnights"),
    ("month", "Months"),
]


class DexRecurrenceRuleMixin(models.AbstractModel):
    """How a session repeats, as the wizard collects it and the series keeps it.

    The dates themselves are the core's business: this mixin only maps the
    fields to a :class:`~..core.recurrence.RecurrenceRule` and turns the core's
    errors into ValidationErrors with the same message.
    """

    _name = "dex.recurrence.rule.mixin"
    _description = "DEX Session Repeat Rule (shared fields)"

    recurrence_interval = fields.Integer(string="Repeat Every", default=1)
    recurrence_unit = fields.Selection(RECURRENCE_UNITS, default="week")
    recurrence_weekdays = fields.Char(
        string="On Weekdays",
        help="Weekday numbers, Monday = 0, separated by commas (weekly repeats).",
    )
    recurrence_month_by = fields.Selection(
        [("date", "Same Day of the Month"), ("weekday", "Same Weekday of the Month")],
        default="date",
    )
    recurrence_end = fields.Selection(
        [("until", "On a Date"), ("count", "After a Number of Sessions")],
        default="count",
    )
    recurrence_until = fields.Date(string="Repeat Until")
    recurrence_count = fields.Integer(string="Number of Sessions", default=1)

    @api.model
    def _get_default_tz(self, company=None):
        """The company's time zone, else the user's, else Sydney."""
        return company_tz(self.env, company)

    def _get_recurrence_rule(self):
        """The core rule these fields describe (the one mapping fields -> rule)."""
        self.ensure_one()
        try:
            return RecurrenceRule(
                interval=self.recurrence_interval,
                unit=self.recurrence_unit,
                weekdays=parse_weekdays(self.recurrence_weekdays or ""),
                month_by=self.recurrence_month_by or "date",
                end=self.recurrence_end,
                count=self.recurrence_count,
                until=self.recurrence_until or None,
            )
        except RecurrenceError as exc:
            raise ValidationError(str(exc)) from exc

    def _expand_recurrence(self, start, stop, tz):
        """``[(start, stop), ...]`` naive UTC of every session of the series."""
        rule = self._get_recurrence_rule()
        try:
            return expand(rule, start, stop, tz, max_occurrences=MAX_OCCURRENCES)
        except RecurrenceError as exc:
            raise ValidationError(str(exc)) from exc

    def _count_recurrence(self, start, tz):
        rule = self._get_recurrence_rule()
        try:
            return count_occurrences(rule, start, tz)
        except RecurrenceError as exc:
            raise ValidationError(str(exc)) from exc

    @api.model
    def _shift_slots(self, slots, before, after, tz):
        """Move ``slots`` like one session moved from ``before`` to ``after``."""
        try:
            return shift_slots(slots, before, after, tz)
        except RecurrenceError as exc:
            raise ValidationError(str(exc)) from exc
