"""The SQL reads of the extract pipeline (see dex_extract_build.py).

A few grouped queries: one row per DEX session, never one per SD record.
"""

import sys
from array import array
from collections import defaultdict
from decimal import Decimal

from odoo.tools import SQL

from .sql_arrays import pg_text_array

NONE = frozenset()


class _Group:
    """One DEX session in the making: a session and service type, with totals."""

    __slots__ = (
        "key",
        "case_key",
        "session",
        "service_type",
        "outlet_code",
        "date",
        "type_code",
        "requires_fees",
        "requires_minutes",
        "setting",
        "fees",
        "minutes",
        "clients",
        "sent_clients",
        "held",
    )

    def __init__(self, row, key, case_key, clients, sent_clients):
        """``row``: a row of ExtractReading._read_groups's query."""
        self.key = key
        self.case_key = case_key
        self.session = row[0]
        self.service_type = row[1]
        self.date = row[5]
        self.type_code = row[6]
        self.requires_fees = row[7]
        self.requires_minutes = row[8]
        self.setting = row[9]
        self.outlet_code = row[10]
        self.fees = row[11] or Decimal(0)
        self.minutes = row[12] or 0
        self.clients = clients
        self.sent_clients = sent_clients
        self.held = False


class ExtractReading:
    """Reads what an extract sends; ExtractBuild builds and checks it."""

    def _key_columns(self):
        extra = {"service": SQL("sd.service_id"), "client": SQL("sd.partner_id")}
        return extra.get(self.strategy)

    def own(self, alias="sd"):
        """SQL: the ready records this extract collects.

        Those it holds (collected before, held back by an earlier validation,
        or set back to ready by an amendment), and the ready records of its
        period and outlet activities that no extract holds. Collecting tags
        them as the extract's (dex.extract._claim_sql); the file marks the ones
        it sends extracted, in one statement, when it is written.
        """
        extract = self.extract
        return SQL(
            """(%(sd)s.state = 'ready' AND (%(held)s
                OR (%(sd)s.extract_id IS NULL AND %(period)s)))""",
            sd=SQL.identifier(alias),
            held=extract._records_sql(alias),
            period=extract._period_records_sql(alias),
        )

    def _read_touched(self):
        """The sessions with records this extract collects (ids, sorted)."""
        self.env["dex.service.delivery"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT session_id FROM dex_service_delivery sd "
                "WHERE %s ORDER BY session_id",
                self.own(),
            )
        )
        # a plain array: the planner then knows how many sessions it joins
        return [row[0] for row in self.env.cr.fetchall()]

    def read_own_ids(self, held_clients=(), held_groups=()):
        """Ids of the collected records the file sends (not held back)."""
        self.env.cr.execute(self.own_ids_sql(held_clients, held_groups))
        return parse_ids(self.env.cr.fetchall())

    def own_ids_sql(self, held_clients=(), held_groups=()):
        """SQL: the ids of the collected records the file sends, packed in one
        bytea (see parse_ids): 4 MB for 500,000, not a Python int each."""
        return SQL(
            """
            SELECT COALESCE(STRING_AGG(int8send(id), ''), '')
              FROM dex_service_delivery sd
             WHERE %s
               AND NOT (sd.dex_client_id = ANY(%s::varchar[])
                        OR (sd.session_id, sd.service_type_id) IN (
                            SELECT * FROM unnest(%s::int[], %s::int[])))
            """,
            self.own(),
            list(held_clients),
            [group[0] for group in held_groups],
            [group[1] for group in held_groups],
        )

    def _read_groups(self):
        """One row per DEX session: the sessions this extract touches, whole."""
        extra = self._key_columns()
        extra_select = SQL(", %s", extra) if extra else SQL(", NULL::int")
        extra_group = SQL(", %s", extra) if extra else SQL("")
        self.env.cr.execute(
            SQL(
                """
                -- grouped on the SD columns alone, joined to the code tables
                -- after: 500,000 narrow rows to sort, not wide ones. Grouped
                -- on the DEX session's key alone: what else a DEX session
                -- sends (outlet activity, date, setting, case group) the
                -- session's completion gave all its live records at once, so
                -- MIN() takes it without sorting on it
                SELECT g.session_id, g.service_type_id, g.extra, g.outlet_activity_id,
                       g.case_group, g.date, st.code, st.requires_fees,
                       st.requires_time_minutes, setting.code, oa.code, g.fees,
                       g.minutes, g.clients, g.sent
                  FROM (
                        SELECT sd.session_id, sd.service_type_id
                               %(extra_select)s AS extra,
                               MIN(sd.outlet_activity_id) AS outlet_activity_id,
                               MIN(COALESCE(sd.case_group, 'session-' || sd.session_id))
                                   AS case_group,
                               MIN(sd.date) AS date,
                               MIN(sd.service_setting_id) AS service_setting_id,
                               SUM(sd.client_contribution) AS fees,
                               MAX(sd.time_minutes) AS minutes,
                               ARRAY_AGG(DISTINCT sd.dex_client_id) AS clients,
                               ARRAY_AGG(DISTINCT sd.dex_client_id) FILTER (
                                   WHERE sd.state = 'extracted') AS sent
                          FROM dex_service_delivery sd
                         WHERE sd.session_id = ANY(%(touched)s::int[])
                           AND sd.state IN ('ready', 'extracted')
                           AND (sd.state = 'extracted' OR %(own)s)
                      GROUP BY sd.session_id, sd.service_type_id %(extra_group)s
                       ) g
                  JOIN dex_service_type st ON st.id = g.service_type_id
                  JOIN dex_outlet_activity oa ON oa.id = g.outlet_activity_id
             LEFT JOIN dex_service_setting setting
                    ON setting.id = g.service_setting_id
              ORDER BY g.session_id, g.service_type_id
                """,
                own=self.own(),
                touched=self.touched_array,
                extra_select=extra_select,
                extra_group=extra_group,
            )
        )
        groups = []
        # one string per ClientId, not one per row and client
        intern = {}.setdefault
        for row in self.env.cr.fetchall():
            session, stype, extra_id, outlet, case_group = row[:5]
            key = f"{session}:{stype}" + (f":{extra_id}" if extra_id else "")
            clients = row[13]
            if None in clients or "" in clients:  # clients without a ClientId
                clients = [c for c in clients if c]
            clients = tuple(map(intern, clients, clients))
            sent = frozenset(map(intern, row[14], row[14])) if row[14] else NONE
            case_key = self._case_key(outlet, case_group, extra_id)
            groups.append(_Group(row, key, case_key, clients, sent))
        return groups

    def _case_key(self, outlet, case_group, extra_id):
        if self.strategy == "service":
            group = f"service-{extra_id}"
        elif self.strategy == "client":
            group = f"client-{extra_id}"
        else:
            group = case_group
        return f"{self.strategy}:{outlet}:{group}"

    def _read_case_members(self, case_keys):
        """{case key: ClientIds} over every extracted or collected session of it."""
        members = defaultdict(set)
        for group in self.groups:
            members[group.case_key].update(group.clients)
        if self.strategy != "series":
            return members  # the key is the service or client: all here already
        groups_by_outlet = defaultdict(set)
        for key in case_keys:
            _strategy, outlet, group = key.split(":", 2)
            if group.startswith("session-"):
                continue  # a session of its own: all its records are here
            groups_by_outlet[int(outlet)].add(group)
        for outlet, case_groups in groups_by_outlet.items():
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT case_group, dex_client_id
                      FROM dex_service_delivery sd
                     WHERE outlet_activity_id = %s AND case_group = ANY(%s)
                       AND dex_client_id IS NOT NULL
                       AND (state = 'extracted' OR %s)
                    """,
                    outlet,
                    list(case_groups),
                    self.own(),
                )
            )
            for case_group, client_id in self.env.cr.fetchall():
                members[f"series:{outlet}:{case_group}"].add(client_id)
        return members

    def _extra_items_sql(self):
        """SQL: the extra items of the touched sessions (see parse_extra_items)."""
        return SQL(
            """
            SELECT used.session_id, used.service_type_id,
                   ARRAY_AGG(item.code ORDER BY item.code)
              FROM (
                    -- the distinct items first: one row per session, type and
                    -- item to sort, not one per record
                    SELECT DISTINCT sd.session_id, sd.service_type_id,
                           rel.extra_item_id
                      FROM dex_service_delivery sd
                      JOIN dex_service_delivery_extra_item_rel rel
                        ON rel.delivery_id = sd.id
                     WHERE sd.session_id = ANY(%s::int[])
                       AND sd.state IN ('ready', 'extracted')
                   ) used
              JOIN dex_extra_item item ON item.id = used.extra_item_id
          GROUP BY used.session_id, used.service_type_id
            """,
            self.touched_array,
        )

    def _unidentified_sql(self):
        """SQL: attendees without a DEX Client ID (see parse_unidentified)."""
        return SQL(
            """
            SELECT session_id, service_type_id, COUNT(DISTINCT partner_id)
              FROM dex_service_delivery
             WHERE session_id = ANY(%s::int[])
               AND state = 'not_reportable' AND dex_client_id IS NULL
          GROUP BY session_id, service_type_id
            """,
            self.touched_array,
        )

    def _assessments_sql(self):
        """SQL: the SCORE snapshot of the touched sessions (flushed before).

        Rows (session id, service type id, kind, ClientId, score type, phase,
        score code), in the order they are written. A client's SCORE takes the
        ClientId of their SD record in that session and service type.
        """
        return SQL(
            """
            SELECT a.session_id, a.service_type_id, a.kind,
                   (SELECT MAX(sd.dex_client_id) FROM dex_service_delivery sd
                     WHERE sd.session_id = a.session_id
                       AND sd.service_type_id = a.service_type_id
                       AND sd.partner_id = a.partner_id
                       AND sd.state IN ('ready', 'extracted')) AS client_id,
                   score_type.code, phase.code, score.code
              FROM dex_assessment_snapshot a
              JOIN dex_code score_type ON score_type.id = a.score_type_id
              JOIN dex_code phase ON phase.id = a.phase_id
              JOIN dex_score_domain domain ON domain.id = a.domain_id
              JOIN dex_score_code score ON score.id = a.score_code_id
             WHERE a.session_id = ANY(%s::int[]) AND a.state = 'current'
          ORDER BY a.session_id, a.service_type_id, a.kind DESC, client_id,
                   score_type.sequence, phase.sequence, domain.sequence,
                   score.code
            """,
            self.touched_array,
        )

    def _read_code_lists(self):
        """Every code the database keeps, archived ones included, and what each
        SCORE code scores: (codes by list, archived codes by list, scores)."""
        self.env.cr.execute(
            """
            SELECT code_list, code, active FROM dex_code
             UNION ALL SELECT 'ExtraItemCode', code, active FROM dex_extra_item
             UNION ALL SELECT 'ServiceSettingCode', code, active
                         FROM dex_service_setting
             UNION ALL SELECT 'AssessmentScoreCode', code, active FROM dex_score_code
            """
        )
        kept, archived = defaultdict(set), defaultdict(set)
        for code_list, code, active in self.env.cr.fetchall():
            kept[code_list].add(code)
            if not active:
                archived[code_list].add(code)
        self.env.cr.execute(
            """
            SELECT score.code, domain.code, score_type.code, domain.applies_to
              FROM dex_score_code score
              JOIN dex_score_domain domain ON domain.id = score.domain_id
              JOIN dex_code score_type ON score_type.id = domain.score_type_id
            """
        )
        return kept, archived, self.env.cr.fetchall()

    def _read_client_partners(self, client_ids):
        """{ClientId: partner id} for the clients the file refers to."""
        self.env.cr.execute(
            SQL(
                """
                SELECT dex_client_id, partner_id, MAX(id)
                  FROM dex_service_delivery
                 WHERE company_id = %s AND dex_client_id = ANY(%s::varchar[])
                   AND state IN ('ready', 'extracted')
              GROUP BY dex_client_id, partner_id
                """,
                self.company.id,
                pg_text_array(client_ids),
            )
        )
        # a ClientId given to another contact since: the latest record's contact
        # (grouped, not sorted: a few rows per client instead of one per record)
        latest = {}
        for client_id, partner_id, record_id in self.env.cr.fetchall():
            if client_id not in latest or record_id > latest[client_id][1]:
                latest[client_id] = (partner_id, record_id)
        return {client_id: found[0] for client_id, found in latest.items()}

    def _read_known_ids(self, kind, keys):
        """{key: DEX ID} of the cases or sessions given an ID by an earlier file."""
        return self.env["dex.extract.key"]._find_dex_ids(kind, list(keys), self.company)


def parse_ids(rows):
    """The ids of ExtractReading.own_ids_sql's rows, as an array of int64."""
    ids = array("q", bytes(rows[0][0]))  # int8send: big-endian
    if sys.byteorder == "little":
        ids.byteswap()
    return ids


def parse_extra_items(rows):
    """{(session id, service type id): sorted ExtraItemCodes} of the rows of
    ExtractReading._extra_items_sql."""
    return {(row[0], row[1]): tuple(row[2]) for row in rows}


def parse_unidentified(rows):
    """{(session id, service type id): attendees without a DEX Client ID} of the
    rows of ExtractReading._unidentified_sql."""
    return {(row[0], row[1]): row[2] for row in rows}
