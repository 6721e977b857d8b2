from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lxml import etree

from odoo.tests import freeze_time, new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import DexSessionsCase

# Sydney and Perth are ahead of UTC (Sydney on daylight time that day), Los
# Angeles behind it: each puts local midnight on a different UTC date and hour.
ZONES = ("Australia/Sydney", "Australia/Perth", "America/Los_Angeles")
DAY = date(2026, 3, 10)
TIMES = (time(0, 30), time(9, 0), time(23, 30))


def _utc(zone, day, at):
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


class TestSessionsToday(DexSessionsCase):
    """My Sessions Today lists the worker's sessions of their own local day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one worker per zone, each checking in from their own zone
        cls.zone_workers = {}
        for zone in ZONES:
            user = new_test_user(
                cls.env,
                login=f"worker_{zone.split('/')[1].lower()}",
                groups="base.group_user,group_dex_sessions.group_dex_sessions_group_user",
                tz=zone,
            )
            cls.zone_workers[zone] = cls.env["hr.employee"].create(
                {"name": f"Worker in {zone}", "user_id": user.id}
            )

    def _my_sessions_today(self, user):
        """What the menu shows: its action's domain and its default filters."""
        action = self.env.ref("group_dex_sessions.dex_session_action_my_today")
        arch = etree.fromstring(
            self.env["dex.session"].get_view(action.search_view_id.id, "search")["arch"]
        )
        context = safe_eval(action.context)
        domain = safe_eval(action.domain)
        for name in ("my_sessions", "today"):
            self.assertTrue(context.get(f"search_default_{name}"))
            [node] = arch.xpath(f"//filter[@name='{name}']")
            domain += safe_eval(node.get("domain"), {"uid": user.id})
        sessions = self.env["dex.session"].with_user(user)
        return sessions.search(domain)

    def _rostered_at(self, zone, day, at, minutes=30):
        """A rostered session of the zone's worker, at ``at`` local time."""
        start = _utc(zone, day, at)
        session = self.env["dex.session"].create(
            self._session_vals(
                name=f"{zone} {day} {at:%H:%M}",
                start=start,
                stop=start + timedelta(minutes=minutes),
                worker_ids=[(6, 0, self.zone_workers[zone].ids)],
            )
        )
        session.action_roster()
        return session

    def test_today_is_the_workers_local_day_in_every_zone(self):
        today = {}
        for zone in ZONES:
            today[zone] = self.env["dex.session"]
            for at in TIMES:
                today[zone] |= self._rostered_at(zone, DAY, at)
            # the nearest sessions of yesterday and tomorrow, local time
            self._rostered_at(zone, DAY - timedelta(days=1), time(23, 30))
            self._rostered_at(zone, DAY + timedelta(days=1), time(0, 30))
        for zone in ZONES:
            user = self.zone_workers[zone].user_id
            # just after midnight, mid-morning check-in, and just before midnight
            for now in (time(0, 1), time(9, 0), time(23, 59)):
                with (
                    self.subTest(zone=zone, now=now),
                    freeze_time(_utc(zone, DAY, now)),
                ):
                    listed = self._my_sessions_today(user)
                    self.assertEqual(
                        listed.mapped("name"),
                        [f"{zone} {DAY} {at:%H:%M}" for at in reversed(TIMES)],
                    )
                    self.assertTrue(all(listed.mapped("is_today")))
                    self.assertFalse(
                        any(
                            (self._all_of(zone) - listed)
                            .with_user(user)
                            .mapped("is_today")
                        )
                    )

    def _all_of(self, zone):
        return self.env["dex.session"].search(
            [("worker_ids", "in", self.zone_workers[zone].ids)]
        )

    def test_a_session_running_over_midnight_is_on_both_days(self):
        zone = "Australia/Perth"
        user = self.zone_workers[zone].user_id
        late = self._rostered_at(zone, DAY, time(23, 30), minutes=90)
        for day in (DAY, DAY + timedelta(days=1)):
            with freeze_time(_utc(zone, day, time(12, 0))):
                self.assertEqual(self._my_sessions_today(user), late)
        with freeze_time(_utc(zone, DAY + timedelta(days=2), time(12, 0))):
            self.assertFalse(self._my_sessions_today(user))

    def test_this_week_starts_on_the_languages_first_day(self):
        self.env["res.config.settings"]._dex_apply_australian_defaults()
        zone = "Australia/Sydney"
        user = self.zone_workers[zone].user_id
        user.lang = "en_AU"
        # 10 March 2026 is a Tuesday: its en_AU week runs Monday 9 to Sunday 15
        monday = self._rostered_at(zone, date(2026, 3, 9), time(0, 30))
        sunday = self._rostered_at(zone, date(2026, 3, 15), time(23, 30))
        self._rostered_at(zone, date(2026, 3, 8), time(23, 30))
        self._rostered_at(zone, date(2026, 3, 16), time(0, 30))
        sessions = self.env["dex.session"].with_user(user)
        with freeze_time(_utc(zone, DAY, time(12, 0))):
            this_week = sessions.search([("is_this_week", "=", True)])
            self.assertEqual(this_week, monday | sunday)
            not_this_week = sessions.search([("is_this_week", "=", False)])
            self.assertFalse(not_this_week & this_week)
