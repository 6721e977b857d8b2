# Run inside "odoo shell" by bench_completion.py: `env` is given by the shell.
# Completes 1,000 sessions x 12 clients x 2 services (24,000 SDs) through the cron
# method, and times a bare create of the same 24,000 SD rows from prepared values.
import time
from datetime import datetime, timedelta

SESSIONS, CLIENTS_PER_SESSION, POOL = 1000, 12, 600

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
category = env["dex.support.category"].create({"name": "Bench"})
service_type = env["dex.service.type"].create({"code": "99063", "name": "Bench type"})
outlet = env["dex.outlet.activity"].create({"code": "99999", "name": "Bench outlet"})
setting = env.ref("group_dex_sessions.dex_service_setting_orgoutletoffice")
services = env["dex.service"].create(
    [
        {
            "name": f"Bench service {i}",
            "category_id": category.id,
            "service_type_id": service_type.id,
            "time_minutes": 60,
            "client_contribution": 5,
        }
        for i in range(2)
    ]
)
pool = env["res.partner"].create([{"name": f"Bench client {i}"} for i in range(POOL)])
id_type = env.ref("group_dex_sessions.dex_identifier_type_client_id")
env["dex.partner.identifier"].create(
    [{"partner_id": p.id, "type_id": id_type.id, "name": f"CL{p.id:07d}"} for p in pool]
)
worker = env["hr.employee"].create({"name": "Bench worker"})
site = env["res.partner"].create({"name": "Bench hall", "is_company": True})
start = datetime(2026, 1, 5, 9, 0)
vals_list = []
for i in range(SESSIONS):
    clients = pool[(i * 7) % (POOL - CLIENTS_PER_SESSION) :][:CLIENTS_PER_SESSION]
    day = start + timedelta(hours=3 * i)
    vals_list.append(
        {
            "name": f"Bench session {i}",
            "start": day,
            "stop": day + timedelta(hours=2),
            "location_type": "site",
            "site_partner_id": site.id,
            "client_ids": [(6, 0, clients.ids)],
            "worker_ids": [(6, 0, worker.ids)],
            "service_type_ids": [(6, 0, service_type.ids)],
            "service_setting_id": setting.id,
            "outlet_activity_id": outlet.id,
            "state": "rostered",
            "service_ids": [
                (
                    0,
                    0,
                    {
                        "category_id": category.id,
                        "service_id": s.id,
                        "client_ids": [(6, 0, clients.ids)],
                    },
                )
                for s in services
            ],
        }
    )
sessions = env["dex.session"].create(vals_list)
sessions.attendance_ids.write({"state": "attended"})
env.cr.commit()

# 1. bare create of the same rows, from values prepared beforehand (not timed)
env.invalidate_all()
t0 = time.perf_counter()
prepared = sessions._prepare_service_delivery_vals()
prepare = time.perf_counter() - t0
env.invalidate_all()
env.cr.execute("SAVEPOINT bench_bare")
t0 = time.perf_counter()
env["dex.service.delivery"].create(prepared)
env.flush_all()
bare = time.perf_counter() - t0
env.cr.execute("ROLLBACK TO SAVEPOINT bench_bare")
env.invalidate_all()

# 2. the cron, as the scheduler runs it (it commits per batch)
now = start + timedelta(hours=3 * SESSIONS + 5)
t0 = time.perf_counter()
env["dex.session"]._cron_complete_sessions(date_ref=now)
env.flush_all()
cron = time.perf_counter() - t0
made = env["dex.service.delivery"].search_count([("session_id", "in", sessions.ids)])
print(f"BENCH sessions={SESSIONS} clients/session={CLIENTS_PER_SESSION} services=2")
print(f"BENCH SD records made by the cron: {made} (expected {len(prepared)})")
print(f"BENCH cron completion: {cron:.2f} s")
print(f"BENCH bare create of {len(prepared)} SDs from prepared values: {bare:.2f} s")
print(f"BENCH   (preparing those values from the sessions alone: {prepare:.2f} s)")
print(f"BENCH ratio cron / bare create: {cron / bare:.2f} (target <= 1.5)")
