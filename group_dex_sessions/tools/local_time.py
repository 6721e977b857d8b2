"""The user's own day and clock: time zone, local day bounds, formatted dates.

Odoo stores datetimes in naive UTC. What a user calls "today" starts at local
midnight, and a time they read must be in their zone and their language's
formats, not the server's.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from odoo import fields
from odoo.tools.misc import babel_locale_parse, format_date, posix_to_ldml
from odoo.tools.misc import format_datetime as odoo_format_datetime

#: The zone of an organisation that has said nothing about its own.
DEFAULT_TZ = "Australia/Sydney"
_ZONES = available_timezones()


def user_tz(env, company=None):
    """Name of the zone the current user reads times in.

    The context's zone (what the web client sends), else the user's, else the
    company's, else Sydney.
    """
    company = company or env.company
    for name in (env.context.get("tz"), env.user.tz, company.partner_id.tz):
        if name in _ZONES:
            return name
    return DEFAULT_TZ


def company_tz(env, company=None):
    """Name of the zone the organisation's DEX dates are in.

    The company's zone, else the user's, else Sydney: a session's DEX date,
    and the day a Client ID or a consent is valid from, are the
    organisation's, whoever records them.
    """
    company = company or env.company
    for name in (company.partner_id.tz, env.user.tz):
        if name in _ZONES:
            return name
    return DEFAULT_TZ


def company_today(env, company=None):
    """Today where the organisation works, whoever asks: a user whose clock
    is already on tomorrow or still on yesterday, or a scheduled action."""
    zone = ZoneInfo(company_tz(env, company))
    return fields.Datetime.now().replace(tzinfo=ZoneInfo("UTC")).astimezone(zone).date()


def user_lang(env):
    """The res.lang data of the current user's language (context first)."""
    code = env.context.get("lang") or env.user.lang
    return env["res.lang"]._get_data(code=code) or env["res.lang"]._get_data(
        code="en_US"
    )


def to_local(env, value, company=None):
    """The naive UTC ``value`` as an aware datetime in the user's zone."""
    zone = ZoneInfo(user_tz(env, company))
    return value.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)


def local_today(env, company=None):
    """The user's local date now."""
    return to_local(env, fields.Datetime.now(), company).date()


def local_days_to_utc(env, first_day, days=1, company=None):
    """(start, stop) in naive UTC of ``days`` local days from ``first_day``.

    Each bound is a local midnight converted on its own, so a day with a
    daylight-saving change is 23 or 25 hours long, as it is on the wall.
    """
    zone = ZoneInfo(user_tz(env, company))

    def midnight(day):
        local = datetime.combine(day, time.min, tzinfo=zone)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    return midnight(first_day), midnight(first_day + timedelta(days=days))


def local_week_start(env, day):
    """The first day of ``day``'s week, by the user's language (Monday in en_AU)."""
    week_start = int(user_lang(env).week_start or 7)  # 1 = Monday ... 7 = Sunday
    return day - timedelta(days=(day.isoweekday() - week_start) % 7)


def format_local_datetime(env, value, company=None):
    """``value`` (naive UTC) as the user reads it.

    In their zone, with their language's date format and short time (no
    seconds): 12/03/2026 09:00 in en_AU.
    """
    if not value:
        return ""
    lang = user_lang(env)
    locale = babel_locale_parse(lang.code)
    date_part = posix_to_ldml(lang.date_format, locale=locale)
    time_part = posix_to_ldml(lang.short_time_format, locale=locale)
    pattern = f"{date_part} {time_part}"
    return odoo_format_datetime(
        env, value, tz=user_tz(env, company), dt_format=pattern, lang_code=lang.code
    )


def format_local_date(env, value):
    """A date in the user's date format: 12/03/2026 in en_AU, 03/12/2026 in en_US."""
    return format_date(env, value, lang_code=user_lang(env).code) if value else ""
