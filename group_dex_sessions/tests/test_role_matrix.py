"""Who may do what: read, create, write, unlink and export, for every role.

Every model of the addon, the DEX client data of a contact and the workers'
calendar event are tried, for real and rolled back, by five users: an internal
user without DEX groups, a DEX User, a DEX Manager, a DEX User of another
company, and a portal user. The records belong to the first company. A cell
lists what the role managed: r read, c create, w write, u unlink, e export;
"-" nothing. The table in README.md must be this same table.
"""

import re
from datetime import date, datetime
from pathlib import Path

from psycopg2 import IntegrityError

from odoo.exceptions import MissingError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_extract import ExtractCase

ROLES = ("internal", "dex_user", "dex_manager", "other_company", "portal")
OPERATIONS = "rcwue"
README = Path(__file__).resolve().parents[2] / "README.md"


class _RolledBack(Exception):
    """Raised to roll back an operation that succeeded."""


# fmt: off
EXPECTED = {
    'dex.assessment.snapshot': ('-', 're', 're', '-', '-'),
    'dex.code': ('re', 're', 'rcwue', 're', '-'),
    'dex.delivery.method': ('-', 're', 'rcwue', 're', '-'),
    'dex.extra.item': ('-', 're', 'rcwue', 're', '-'),
    'dex.extract': ('-', '-', 'rcwe', '-', '-'),
    'dex.extract.file': ('-', '-', 'rcwue', '-', '-'),
    'dex.extract.finding': ('-', '-', 'rcwue', '-', '-'),
    'dex.extract.key': ('-', '-', 're', '-', '-'),
    'dex.identifier.type': ('re', 're', 'rcwe', 're', '-'),
    'dex.outlet.activity': ('-', 're', 'rcwue', '-', '-'),
    'dex.partner.consent': ('-', 'rcwe', 'rcwue', 'c', '-'),
    'dex.partner.identifier': ('-', 'rcwe', 'rcwue', 'c', '-'),
    'dex.partner.profile': ('-', 'rcwe', 'rcwue', 'c', '-'),
    'dex.reference.refresh': ('-', '-', 'c', '-', '-'),
    'dex.reference.refresh.line': ('-', '-', 'c', '-', '-'),
    'dex.score.code': ('re', 're', 'rcwue', 're', '-'),
    'dex.score.domain': ('re', 're', 'rcwue', 're', '-'),
    'dex.service': ('-', 're', 'rcwe', 're', '-'),
    'dex.service.delivery': ('-', 're', 're', '-', '-'),
    'dex.service.delivery.void': ('-', '-', 'c', '-', '-'),
    'dex.service.setting': ('-', 're', 'rcwue', 're', '-'),
    'dex.service.type': ('-', 're', 'rcwue', 're', '-'),
    'dex.session': ('-', 'rcwue', 'rcwue', '-', '-'),
    'dex.session.assessment': ('-', 'rcwue', 'rcwue', '-', '-'),
    'dex.session.attendance': ('-', 'rcwue', 'rcwue', '-', '-'),
    'dex.session.cancel': ('-', 'c', 'c', 'c', '-'),
    'dex.session.create': ('-', 'c', 'c', 'c', '-'),
    'dex.session.create.service': ('-', 'c', 'c', 'c', '-'),
    'dex.session.movement': ('-', 're', 'rwue', '-', '-'),
    'dex.session.recurrence': ('-', 'rcwe', 'rcwue', 'c', '-'),
    'dex.session.reopen': ('-', 'c', 'c', 'c', '-'),
    'dex.session.service': ('-', 'rcwue', 'rcwue', '-', '-'),
    'dex.session.worker.filter': ('-', 'c', 'c', 'c', '-'),
    'dex.support.category': ('-', 're', 'rcwe', 're', '-'),
    'dex.travel.area': ('-', 're', 'rcwue', 're', '-'),
    'res.partner: DEX client data': ('-', 'rwe', 'rwe', '-', '-'),
    "calendar.event: a session's details": ('-', '-', '-', '-', '-'),
}
# fmt: on


@tagged("post_install", "-at_install")
class TestRoleMatrix(ExtractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # everyone may export, as many organisations allow: the matrix shows what
        # an export would then hold
        export = cls.env.ref("base.group_allow_export")
        cls.users = {
            "internal": new_test_user(
                cls.env, login="matrix_internal", groups="base.group_user"
            ),
            "dex_user": cls.dex_user,
            "dex_manager": cls.dex_manager,
            "other_company": cls.other_user,
            "portal": new_test_user(
                cls.env, login="matrix_portal", groups="base.group_portal"
            ),
        }
        for user in cls.users.values():
            if not user.share:
                user.groups_id |= export
        cls._make_fixtures()

    @classmethod
    def _make_fixtures(cls):
        env = cls.env
        client = cls.clients[0]
        consent = env["dex.partner.consent"].search([("partner_id", "=", client.id)])
        consent.note = "Signed intake form"
        draft = env["dex.session"].create(cls._session_vals(name="Draft session"))
        with_freeze = env["dex.session"].create(cls._session_vals(name="Held session"))
        with_freeze.action_roster()
        with_freeze.attendance_ids.write({"state": "attended"})
        with_freeze._complete()
        sd = with_freeze.delivery_ids.filtered(lambda d: d.state == "ready")[:1]
        rostered = env["dex.session"].create(cls._session_vals(name="Rostered"))
        rostered.action_roster()
        movement = env["dex.session.movement"].create(
            {
                "session_id": rostered.id,
                "employee_id": cls.workers[0].id,
                "kind": "check_in",
            }
        )
        extract = env["dex.extract"].create(
            {"outlet_activity_ids": [(6, 0, cls.outlet.ids)], "period": "2026-01-01"}
        )
        attachment = env["ir.attachment"].create(
            {
                "name": "f.xml",
                "raw": b"<x/>",
                "res_model": "dex.extract",
                "res_id": extract.id,
            }
        )
        recurrence = env["dex.session.recurrence"].create(
            {"name": "Series", "tz": "Australia/Sydney"}
        )
        wizard = env["dex.session.create"].create(cls._wizard_vals())
        cls.fixtures = {
            "dex.code": (
                # a code nobody uses yet: managers may delete it
                env["dex.code"].create(
                    {"code_list": "AncestryCode", "code": "ZZFIX", "name": "Fixture"}
                ),
                "name",
                lambda r: {"code_list": "GenderCode", "code": "ZZ", "name": "Test"},
            ),
            "dex.delivery.method": (
                cls.delivery_face,
                "name",
                lambda r: {"name": "Other method"},
            ),
            "dex.extra.item": (
                cls.item_grabrails,
                "name",
                lambda r: {"name": "Item", "code": "ZZITEM"},
            ),
            "dex.identifier.type": (
                cls.id_type,
                "name",
                lambda r: {"name": "Other", "code": "OTHER_ID"},
            ),
            "dex.outlet.activity": (
                cls.outlet,
                "name",
                lambda r: {"name": "Hub", "code": "55555"},
            ),
            "dex.service": (
                cls.service,
                "name",
                lambda r: {"name": "Other service", "category_id": cls.category.id},
            ),
            "dex.service.setting": (
                cls.setting_office,
                "name",
                lambda r: {"name": "S", "code": "ZZSET"},
            ),
            "dex.service.type": (
                cls.service_type,
                "name",
                lambda r: {"name": "T", "code": "9999"},
            ),
            "dex.support.category": (
                cls.category,
                "name",
                lambda r: {"name": "Other category"},
            ),
            "dex.travel.area": (
                cls.travel_area,
                "name",
                lambda r: {"name": "Other area"},
            ),
            "dex.partner.identifier": (
                client.dex_identifier_ids[:1],
                "name",
                lambda r: {
                    "partner_id": cls.stranger.id,
                    "type_id": cls.id_type.id,
                    "name": "ZZ-1",
                },
            ),
            "dex.partner.consent": (
                consent,
                "note",
                lambda r: {"partner_id": cls.stranger.id, "consent_type": "details"},
            ),
            "dex.partner.profile": (
                client.dex_profile_ids[:1],
                "birth_date",
                lambda r: {"partner_id": cls.stranger.id},
            ),
            "dex.session": (draft, "name", lambda r: cls._session_vals(name="New")),
            "dex.session.service": (
                draft.service_ids[:1],
                "time_minutes",
                lambda r: {
                    "session_id": draft.id,
                    "category_id": cls.category.id,
                    "service_id": cls.service.id,
                    "client_ids": [(6, 0, cls.clients[:1].ids)],
                },
            ),
            "dex.session.attendance": (
                draft.attendance_ids[:1],
                "reason",
                lambda r: {"session_id": draft.id, "partner_id": cls.stranger.id},
            ),
            "dex.session.movement": (
                movement,
                "kind",
                lambda r: {
                    "session_id": rostered.id,
                    "employee_id": cls.workers[0].id,
                    "kind": "check_out",
                },
            ),
            "dex.session.recurrence": (
                recurrence,
                "name",
                lambda r: {"name": "Other series", "tz": "Australia/Sydney"},
            ),
            "dex.session.worker.filter": (
                env["dex.session.worker.filter"].create(
                    {"user_id": env.uid, "worker_id": cls.workers[0].id}
                ),
                "worker_checked",
                lambda r: {"worker_id": cls.workers[1].id},
            ),
            "dex.service.delivery": (
                sd,
                "time_minutes",
                lambda r: {
                    "session_id": with_freeze.id,
                    "session_service_id": with_freeze.service_ids[0].id,
                    "service_id": cls.service.id,
                    "partner_id": cls.stranger.id,
                    "date": date(2026, 3, 3),
                    "company_id": cls.company.id,
                    "dex_client_id": "SPOOF1",
                    "time_minutes": 999,
                },
            ),
            "dex.extract": (
                extract,
                "max_file_bytes",
                lambda r: {"outlet_activity_ids": [(6, 0, cls.outlet.ids)]},
            ),
            "dex.extract.finding": (
                env["dex.extract.finding"].create(
                    {"extract_id": extract.id, "level": "warning", "message": "m"}
                ),
                "message",
                lambda r: {"extract_id": extract.id, "level": "error", "message": "x"},
            ),
            "dex.extract.file": (
                env["dex.extract.file"].create(
                    {
                        "extract_id": extract.id,
                        "upload": 1,
                        "attachment_id": attachment.id,
                        "written_on": datetime.now(),
                    }
                ),
                "upload",
                lambda r: {
                    "extract_id": extract.id,
                    "upload": 9,
                    "attachment_id": attachment.id,
                    "written_on": datetime.now(),
                },
            ),
            "dex.extract.key": (
                env["dex.extract.key"].create(
                    {
                        "company_id": cls.company.id,
                        "kind": "case",
                        "key": "k",
                        "dex_id": "CASE1",
                    }
                ),
                "key",
                lambda r: {
                    "company_id": cls.company.id,
                    "kind": "case",
                    "key": "k2",
                    "dex_id": "CASE2",
                },
            ),
            "dex.session.create": (wizard, "name", lambda r: {"name": "Mine"}),
            "dex.session.create.service": (
                wizard.line_ids[:1],
                "time_minutes",
                lambda r: {
                    "wizard_id": wizard.id,
                    "category_id": cls.category.id,
                    "service_id": cls.service.id,
                },
            ),
            "dex.session.cancel": (
                env["dex.session.cancel"].create(
                    {"session_id": draft.id, "reason": "r"}
                ),
                "reason",
                lambda r: {"session_id": draft.id, "reason": "mine"},
            ),
            "dex.session.reopen": (
                env["dex.session.reopen"].create(
                    {"session_ids": [(6, 0, with_freeze.ids)], "reason": "r"}
                ),
                "reason",
                lambda r: {"session_ids": [(6, 0, with_freeze.ids)], "reason": "mine"},
            ),
            "dex.service.delivery.void": (
                env["dex.service.delivery.void"].create(
                    {"delivery_ids": [(6, 0, sd.ids)], "reason": "r"}
                ),
                "reason",
                lambda r: {"delivery_ids": [(6, 0, sd.ids)], "reason": "mine"},
            ),
        }
        group = env.ref("group_dex_sessions.dex_code_scoretypecode_group")
        phase = env.ref("group_dex_sessions.dex_code_assessmentphasecode_pre")
        domain = env["dex.score.domain"].search(
            [("score_type_id", "=", group.id)], limit=1
        )
        score = domain.score_code_ids[:1]
        assessment_vals = {
            "session_id": rostered.id,
            "kind": "session",
            "phase_id": phase.id,
            "domain_id": domain.id,
            "score_code_id": score.id,
        }
        refresh = env["dex.reference.refresh"].create({})
        cls.fixtures.update(
            {
                "dex.score.domain": (
                    env["dex.score.domain"].create(
                        {
                            "name": "Fixture domain",
                            "code": "ZZDOMAIN",
                            "score_type_id": group.id,
                            "applies_to": "session",
                        }
                    ),
                    "name",
                    lambda r: {
                        "name": "Other domain",
                        "code": "ZZDOMAIN2",
                        "score_type_id": group.id,
                        "applies_to": "session",
                    },
                ),
                "dex.score.code": (
                    env["dex.score.code"].create(
                        {
                            "name": "Fixture score",
                            "code": "ZZSCORE",
                            "domain_id": domain.id,
                        }
                    ),
                    "name",
                    lambda r: {
                        "name": "Other",
                        "code": "ZZSCORE2",
                        "domain_id": domain.id,
                    },
                ),
                "dex.session.assessment": (
                    env["dex.session.assessment"].create(assessment_vals),
                    "score_code_id",
                    lambda r: dict(
                        assessment_vals,
                        phase_id=env.ref(
                            "group_dex_sessions.dex_code_assessmentphasecode_post"
                        ).id,
                    ),
                ),
                "dex.assessment.snapshot": (
                    env["dex.assessment.snapshot"].create(
                        {
                            "session_id": with_freeze.id,
                            "kind": "session",
                            "phase_id": phase.id,
                            "score_type_id": group.id,
                            "domain_id": domain.id,
                            "score_code_id": score.id,
                            "company_id": cls.company.id,
                        }
                    ),
                    "score_code_id",
                    lambda r: {
                        "session_id": with_freeze.id,
                        "kind": "session",
                        "phase_id": phase.id,
                        "score_type_id": group.id,
                        "domain_id": domain.id,
                        "score_code_id": score.id,
                        "company_id": cls.company.id,
                    },
                ),
                "dex.reference.refresh": (
                    refresh,
                    "file_name",
                    lambda r: {"file_name": "mine.xml"},
                ),
                "dex.reference.refresh.line": (
                    env["dex.reference.refresh.line"].create(
                        {"refresh_id": refresh.id, "code_type": "Gender"}
                    ),
                    "code_type",
                    lambda r: {"refresh_id": refresh.id, "code_type": "Mine"},
                ),
            }
        )
        cls.client = client
        cls.event = rostered.calendar_event_id

    # -- trying one operation -------------------------------------------------
    def _try(self, action):
        """Whether ``action`` succeeds; whatever it did is rolled back."""
        try:
            # a refused delete of configuration still in use is a database error
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                result = action()
                self.env.flush_all()
                raise _RolledBack(result is not False)
        except _RolledBack as done:
            return done.args[0]
        except (UserError, MissingError, IntegrityError):
            return False
        finally:
            self.env.invalidate_all()

    def _cell(self, flags):
        cell = "".join(op for op, ok in zip(OPERATIONS, flags, strict=True) if ok)
        return cell or "-"

    def _model_cell(self, user, model):
        record, field, create_vals = self.fixtures[model]
        mine = record.with_user(user)
        Model = self.env[model].with_user(user)
        value = record[field]
        return self._cell(
            (
                self._try(lambda: bool(mine.read([field]))),
                self._try(lambda: bool(Model.create(create_vals(record)))),
                self._try(
                    lambda: mine.write(
                        {field: record._fields[field].convert_to_write(value, record)}
                    )
                ),
                self._try(lambda: mine.unlink()),
                self._try(lambda: bool(mine.export_data([field])["datas"])),
            )
        )

    def _client_data_cell(self, user):
        """The first company's DEX data about its client, as ``user`` meets it."""
        partner = self.client.with_user(user)
        birth = self.client.dex_birth_date

        def read():
            return partner.read(["dex_birth_date"])[0]["dex_birth_date"] == birth

        def search():
            found = (
                self.env["res.partner"]
                .with_user(user)
                .search(
                    [("id", "=", self.client.id), ("dex_slk", "=", self.client.dex_slk)]
                )
            )
            return bool(found)

        def write():
            partner.write({"dex_birth_date": date(1960, 1, 1)})
            return self.client.with_company(self.company).dex_birth_date != birth

        def export():
            rows = partner.export_data(["dex_birth_date"])["datas"]
            return bool(rows and rows[0][0])

        flags = [self._try(read), False, self._try(write), False, self._try(export)]
        flags[0] = flags[0] and self._try(search)
        return self._cell(flags)

    def _event_cell(self, user):
        """The details (what, where, who) of a worker's rostered calendar event."""
        event = self.event.with_user(user)

        def read():
            event.invalidate_recordset()
            return event.read(["name"])[0]["name"] == "Rostered"

        return self._cell(
            (
                self._try(read),
                False,
                self._try(lambda: event.write({"name": "Renamed"})),
                self._try(lambda: event.unlink()),
                False,
            )
        )

    def _table(self):
        table = {}
        for model in sorted(self.fixtures):
            table[model] = tuple(
                self._model_cell(self.users[role], model) for role in ROLES
            )
        table["res.partner: DEX client data"] = tuple(
            self._client_data_cell(self.users[role]) for role in ROLES
        )
        table["calendar.event: a session's details"] = tuple(
            self._event_cell(self.users[role]) for role in ROLES
        )
        return table

    def test_the_whole_role_matrix(self):
        table = self._table()
        printed = "\n".join(f"    {row!r}: {cells!r}," for row, cells in table.items())
        self.assertEqual(table, EXPECTED, "actual table:\n" + printed)

    def test_the_readme_shows_the_same_table(self):
        text = README.read_text(encoding="utf-8")
        rows = {}
        for line in text.splitlines():
            match = re.match(r"^\| `([^`]+)` \|(.*)\|$", line)
            if match:
                cells = tuple(cell.strip() for cell in match.group(2).split("|"))
                rows[match.group(1)] = cells
        self.assertEqual(rows, EXPECTED)
