# Run inside "odoo shell" by bench_extract.py: `env` is given by the shell.
# 50,000 DEX sessions with 10 clients each (500,000 session-clients, from 5,000
# clients). The records are multiplied with SQL from one session completed through
# the ORM, because only the extract is measured.
import os
import re
import time
from contextlib import closing
from datetime import date

from odoo.sql_db import db_connect

from odoo.addons.group_dex_sessions.core import writer

MANAGER_GROUP = "group_dex_sessions.group_dex_sessions_group_manager"
# BENCH_SESSIONS makes a smaller run while developing; the figures are for 50,000
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "50000"))
CLIENTS_PER_SESSION, POOL = 10, 5_000


def peak_rss_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1)) / 1024


def reset_peak():
    with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")


env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
cr = env.cr
company = env.company
nsw, australia = env.ref("base.state_au_2"), env.ref("base.au")
category = env["dex.support.category"].create({"name": "Bench"})
service_type = env["dex.service.type"].create({"code": "63", "name": "Social support"})
outlet = env["dex.outlet.activity"].create({"code": "12345", "name": "Bench outlet"})
setting = env.ref("group_dex_sessions.dex_service_setting_orgoutletoffice")
service = env["dex.service"].create(
    {
        "name": "Bench group",
        "category_id": category.id,
        "service_type_id": service_type.id,
        "time_minutes": 120,
        "client_contribution": 2.5,
        "extra_item_ids": [
            (6, 0, env.ref("group_dex_sessions.dex_extra_item_support").ids)
        ],
    }
)
pool = env["res.partner"].create(
    [
        {
            "name": f"Pat Bench{i:04d}x",
            "dex_birth_date": date(1940 + i % 50, 1 + i % 12, 1 + i % 28),
            "city": "Parramatta",
            "state_id": nsw.id,
            "zip": "2150",
            "country_id": australia.id,
        }
        for i in range(POOL)
    ]
)
id_type = env.ref("group_dex_sessions.dex_identifier_type_client_id")
env["dex.partner.identifier"].create(
    [{"partner_id": p.id, "type_id": id_type.id, "name": f"CL{p.id:07d}"} for p in pool]
)
env["dex.partner.consent"].create(
    [
        {"partner_id": p.id, "consent_type": "details", "date_start": "2020-01-01"}
        for p in pool[::2]
    ]
)
site = env["res.partner"].create({"name": "Bench hall", "is_company": True})
template = env["dex.session"].create(
    {
        "name": "Bench 0",
        "start": "2026-07-01 00:00:00",
        "stop": "2026-07-01 02:00:00",
        "location_type": "site",
        "site_partner_id": site.id,
        "client_ids": [(6, 0, pool[:CLIENTS_PER_SESSION].ids)],
        "service_type_ids": [(6, 0, service_type.ids)],
        "service_setting_id": setting.id,
        "outlet_activity_id": outlet.id,
        "worker_count_required": 0,
        "service_ids": [
            (
                0,
                0,
                {
                    "category_id": category.id,
                    "service_id": service.id,
                    "client_ids": [(6, 0, pool[:CLIENTS_PER_SESSION].ids)],
                },
            )
        ],
    }
)
template._roster()
template.attendance_ids.write({"state": "attended"})
template._complete()
env.flush_all()

cr.execute(
    "CREATE TEMP TABLE bench_pool AS SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id FROM res_partner WHERE id = ANY(%s)",
    [pool.ids],
)
cr.execute(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'dex_session' AND column_name NOT IN ('id', 'name', 'start', 'stop', 'actual_start', 'actual_end', 'calendar_event_id')"
)
cols = [row[0] for row in cr.fetchall()]
col_list = ", ".join(f'"{c}"' for c in cols)
cr.execute(
    f"""
    INSERT INTO dex_session (name, start, stop, actual_start, actual_end, {col_list})
    SELECT 'Bench ' || g, s.start + g * interval '4 minutes', s.stop + g * interval '4 minutes',
           s.actual_start + g * interval '4 minutes', s.actual_end + g * interval '4 minutes',
           {", ".join(f's."{c}"' for c in cols)}
      FROM dex_session s, generate_series(1, %s) g
     WHERE s.id = %s
    """,
    [SESSIONS - 1, template.id],
)
line = template.service_ids
cr.execute(
    """
    INSERT INTO dex_session_service (session_id, sequence, category_id, service_id, company_id,
           delivery_method_id, client_contribution, time_minutes, travel_chargeable,
           create_uid, write_uid, create_date, write_date)
    SELECT s.id, l.sequence, l.category_id, l.service_id, l.company_id, l.delivery_method_id,
           l.client_contribution, l.time_minutes, l.travel_chargeable,
           l.create_uid, l.write_uid, l.create_date, l.write_date
      FROM dex_session s, dex_session_service l
     WHERE s.name LIKE 'Bench %%' AND s.id != %s AND l.id = %s
    """,
    [template.id, line.id],
)
sd = template.delivery_ids[0]
cr.execute(
    """
    INSERT INTO dex_service_delivery (session_id, session_service_id, service_id, category_id,
           service_type_id, service_setting_id, outlet_activity_id, date, actual_start,
           actual_end, time_minutes, currency_id, client_contribution, travel_chargeable,
           partner_id, dex_client_id, company_id, state, held_back,
           create_uid, write_uid, create_date, write_date)
    SELECT s.id, l.id, l.service_id, l.category_id, %(type)s, %(setting)s, %(outlet)s,
           (s.start AT TIME ZONE 'UTC' AT TIME ZONE 'Australia/Sydney')::date,
           s.actual_start, s.actual_end, l.time_minutes, %(currency)s, l.client_contribution,
           false, p.id, 'CL' || lpad(p.id::text, 7, '0'), %(company)s, 'ready',
           false, 1, 1, now(), now()
      FROM dex_session s
      JOIN dex_session_service l ON l.session_id = s.id
      CROSS JOIN generate_series(0, %(per)s - 1) k
      JOIN bench_pool p
        ON p.idx = (substring(s.name from 7)::int * 7 + k) %% %(pool)s
     WHERE s.name LIKE 'Bench %%' AND s.id != %(template)s
    """,
    {
        "type": service_type.id,
        "setting": setting.id,
        "outlet": outlet.id,
        "currency": sd.currency_id.id,
        "company": company.id,
        "per": CLIENTS_PER_SESSION,
        "pool": POOL,
        "template": template.id,
    },
)
cr.execute(
    """
    INSERT INTO dex_service_delivery_extra_item_rel (delivery_id, extra_item_id)
    SELECT sd.id, %s FROM dex_service_delivery sd
     WHERE NOT EXISTS (SELECT 1 FROM dex_service_delivery_extra_item_rel r WHERE r.delivery_id = sd.id)
    """,
    [service.extra_item_ids.id],
)
if os.environ.get("BENCH_SCORE"):
    # BENCH_SCORE=1: every session with Community SCORE (3 domains, PRE and POST)
    # and one client with client SCORE, as completion snapshots them
    score = {
        code: env.ref(f"group_dex_sessions.dex_score_code_{code.lower()}")
        for code in ("GROUPSKILLS3", "GROUPNETWORKS2", "ORGSKILLS4", "HOUSING2")
    }
    phases = [
        env.ref(f"group_dex_sessions.dex_code_assessmentphasecode_{p}").id
        for p in ("pre", "post")
    ]
    cr.execute(
        """
        INSERT INTO dex_assessment_snapshot (session_id, service_type_id, kind,
               partner_id, phase_id, score_type_id, domain_id, score_code_id,
               company_id, state, create_uid, write_uid, create_date, write_date)
        SELECT s.id, %(type)s, sc.kind,
               CASE WHEN sc.kind = 'client' THEN (
                   SELECT MIN(sd.partner_id) FROM dex_service_delivery sd
                    WHERE sd.session_id = s.id) END,
               ph.id, d.score_type_id, d.id, c.id, %(company)s, 'current',
               1, 1, now(), now()
          FROM dex_session s
         CROSS JOIN unnest(%(phases)s) AS ph(id)
         CROSS JOIN unnest(%(codes)s, %(kinds)s) AS sc(id, kind)
          JOIN dex_score_code c ON c.id = sc.id
          JOIN dex_score_domain d ON d.id = c.domain_id
         WHERE s.name LIKE 'Bench %%'
        """,
        {
            "type": service_type.id,
            "company": company.id,
            "phases": phases,
            "codes": [code.id for code in score.values()],
            "kinds": ["session", "session", "session", "client"],
        },
    )
cr.execute("SELECT count(*) FROM dex_assessment_snapshot")
total_scores = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM dex_service_delivery")
total_sds = cr.fetchone()[0]
cr.commit()
# as autovacuum does on a database with years of data (since PostgreSQL 13 it
# vacuums a table after inserts too): statistics, hint bits and the visibility
# map of records completed long ago. VACUUM runs outside a transaction.
with closing(db_connect(cr.dbname).cursor()) as maintenance:
    maintenance._cnx.autocommit = True
    maintenance.execute("VACUUM ANALYZE")
env.invalidate_all()

# the extract runs as a DEX manager who is not a technical admin, as in real
# use: the superuser skips the access checks and some of Odoo's attachment rules
manager = env["res.users"].create(
    {
        "name": "Bench DEX manager",
        "login": "bench_dex_manager",
        "groups_id": [
            (6, 0, [env.ref("base.group_user").id, env.ref(MANAGER_GROUP).id])
        ],
    }
)
cr.commit()
env = env(user=manager)

reset_peak()
before = peak_rss_mb()
t0 = time.perf_counter()
extract = env["dex.extract"].create(
    {
        "outlet_activity_ids": [(6, 0, outlet.ids)],
        "period": "custom",
        "date_from": "2026-07-01",
        "date_to": "2026-12-31",
    }
)
extract.action_collect()
env.flush_all()
# Collect and Download are two requests, each its own transaction, as in use
cr.commit()
collected = time.perf_counter() - t0
errors = extract.error_count
extract.with_context(dex_extract_now=True).action_download()
env.flush_all()
cr.commit()
whole = time.perf_counter() - t0
peak = peak_rss_mb() - before
files = extract.current_file_ids
# what opening the extract's form costs once its records are marked: it counts
# them, and the SD table has no index on extract_id (see dex.service.delivery.init)
env.invalidate_all()
t0 = time.perf_counter()
extract.read(["delivery_count", "held_back_count", "corrected_session_ids"])
form = time.perf_counter() - t0

# the same records again, for the core writer alone: put them back to ready
# (they keep the IDs just issued) and build them as the extract does
cr.execute(
    "UPDATE dex_service_delivery SET state = 'ready' WHERE extract_id = %s",
    [extract.id],
)
env.invalidate_all()
built = extract._build().validate()
clients, cases = list(built.clients.values()), list(built.cases.values())
sessions = sorted(built.sessions.values(), key=lambda s: (s.case_id, s.session_id))
t0 = time.perf_counter()
parts = writer.write_bytes(
    clients,
    cases,
    sessions,
    session_assessments=list(built.session_scores.values()),
    client_assessments=list(built.client_scores.values()),
)
core_only = time.perf_counter() - t0
session_clients = sum(len(s.session_clients) for s in sessions)
print(
    f"BENCH data: {len(sessions)} DEX sessions, {session_clients} session-clients, "
    f"{len(clients)} clients, {len(cases)} cases, {total_sds} SD records, "
    f"{total_scores} SCORE snapshot rows"
)
print(f"BENCH validator errors before download: {errors}")
print(
    f"BENCH whole extract (collect + validate + write {len(files)} files + mark extracted): {whole:.1f} s"
)
print(f"BENCH   of which collect + validation + staging: {collected:.1f} s")
print(
    f"BENCH core writer alone on the same records: {core_only:.1f} s ({len(parts)} files, "
    f"{sum(map(len, parts)) / 2**20:.1f} MiB)"
)
print(f"BENCH ratio whole extract / core writer: {whole / core_only:.2f} (target <= 3)")
print(f"BENCH opening the written extract's form (its counts): {form * 1000:.0f} ms")
print(
    f"BENCH peak memory growth during the extract (VmHWM): {peak:.0f} MiB (target <= 200)"
)
