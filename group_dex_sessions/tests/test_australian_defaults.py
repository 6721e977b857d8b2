from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

from odoo.addons.base.models.res_users import name_selection_groups

from .common import USER_GROUP, DexSessionsCase


class TestAustralianDefaults(DexSessionsCase):
    """English (Australia) offered to the administrator, the dates the addon
    writes in the reader's language and zone, and DEX users' home."""

    def _settings(self):
        return self.env["res.config.settings"].create({})

    def test_settings_suggest_australian_english_and_apply_it_on_request(self):
        # as on a fresh database: nobody in English (Australia), and it inactive
        self.env["res.partner"].with_context(active_test=False).search(
            [("lang", "=", "en_AU")]
        ).lang = "en_US"
        self.env["res.lang"]._lang_get("en_AU").active = False
        self.dex_user.write({"lang": "en_US", "tz": False})
        fr = self.env["res.lang"]._activate_lang("fr_FR")
        self.dex_manager.write({"lang": fr.code, "tz": "Australia/Perth"})
        todo = self._settings().dex_australian_defaults_todo
        self.assertIn("English (Australia) is not active.", todo)
        self.assertIn(self.dex_user.name, todo)
        self.assertEqual(self.dex_user.lang, "en_US", "a hint changes nothing")

        self._settings().action_dex_apply_australian_defaults()
        au = self.env["res.lang"]._lang_get("en_AU")
        self.assertEqual((au.week_start, au.date_format), ("1", "%d/%m/%Y"))
        self.assertEqual(
            (self.dex_user.lang, self.dex_user.tz), ("en_AU", "Australia/Sydney")
        )
        self.assertEqual(
            (self.dex_manager.lang, self.dex_manager.tz),
            ("fr_FR", "Australia/Perth"),
            "a language or zone someone chose stays",
        )
        self.assertNotIn(
            self.dex_user.name, self._settings().dex_australian_defaults_todo
        )

    def test_conflict_messages_use_the_readers_date_format_and_zone(self):
        self.env["res.config.settings"]._dex_apply_australian_defaults()
        session = self.env["dex.session"].create(
            self._session_vals(
                start=datetime(2026, 3, 12, 9, 0), stop=datetime(2026, 3, 12, 10, 0)
            )
        )
        au = self.env(
            user=self.dex_user, context={"lang": "en_AU", "tz": "Australia/Sydney"}
        )
        us = self.env(
            user=self.dex_user, context={"lang": "en_US", "tz": "Australia/Perth"}
        )
        # 09:00 UTC is 20:00 in Sydney (daylight time) and 17:00 in Perth
        self.assertEqual(
            session.with_env(au)._get_dated_name(), "Cooking group on 12/03/2026 20:00"
        )
        self.assertEqual(
            session.with_env(us)._get_dated_name(), "Cooking group on 03/12/2026 17:00"
        )

    def test_an_estimated_birth_date_message_reads_as_the_user_writes_dates(self):
        self.env["res.config.settings"]._dex_apply_australian_defaults()
        client = self.clients[0].with_context(lang="en_AU")
        with self.assertRaisesRegex(ValidationError, r"\(1950\), not 15/06/1950\."):
            client.write(
                {"dex_birth_date": "1950-06-15", "dex_birth_date_estimated": True}
            )

    def test_dex_users_start_in_the_sessions_calendar(self):
        calendar = self.env.ref("group_dex_sessions.dex_session_action")
        user = new_test_user(
            self.env, login="new_dex", groups=f"base.group_user,{USER_GROUP}"
        )
        self.assertEqual(user.action_id.id, calendar.id)

        other = new_test_user(self.env, login="not_dex", groups="base.group_user")
        self.assertFalse(other.action_id)
        # made a DEX User on the Access Rights tab, which writes the category
        dex_groups = self.env.ref(USER_GROUP) | self.env.ref(
            "group_dex_sessions.group_dex_sessions_group_manager"
        )
        other.write(
            {name_selection_groups(dex_groups.ids): self.env.ref(USER_GROUP).id}
        )
        self.assertEqual(other.action_id.id, calendar.id)
        other.groups_id -= self.env.ref(USER_GROUP)
        self.assertFalse(other.action_id, "out of the DEX groups, out of the calendar")

        chosen = self.env.ref("base.action_res_users")
        other.action_id = chosen.id
        other.groups_id |= self.env.ref(USER_GROUP)
        self.assertEqual(other.action_id.id, chosen.id, "a chosen home action stays")
