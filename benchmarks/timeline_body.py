# Run inside "odoo shell" by bench_timeline.py: `env` is given by the shell.
# Fills this week with 40 workers (one team) and 400 sessions, a tenth of them
# with two workers, and 40 days of time off; then times get_worker_timeline as
# the team's DEX user, the call the worker view makes to open the week.
import statistics
import time
from datetime import datetime, timedelta

WORKERS, SESSIONS = 40, 400

env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))  # noqa: F821
team = env["hr.department"].create({"name": "Bench team"})
workers = env["hr.employee"].create(
    [
        {"name": f"Bench worker {i:02d}", "department_id": team.id}
        for i in range(WORKERS)
    ]
)
user = env["res.users"].create(
    {
        "name": "Bench coordinator",
        "login": "bench_coordinator",
        "password": "bench_coordinator",
        "tz": "UTC",
        "groups_id": [
            (6, 0, [env.ref("group_dex_sessions.group_dex_sessions_group_user").id])
        ],
    }
)
env["hr.employee"].create(
    {"name": "Bench coordinator", "user_id": user.id, "department_id": team.id}
)
site = env["res.partner"].create({"name": "Bench hall", "is_company": True})
clients = env["res.partner"].create([{"name": f"Bench client {i}"} for i in range(50)])
today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
monday = today - timedelta(days=today.weekday())
vals_list, bars = [], 0
for i in range(SESSIONS):
    start = monday + timedelta(days=i % 7, hours=7 + (i // 7) % 11)
    crew = workers[i % WORKERS]
    if i % 10 == 0:
        crew |= workers[(i + 7) % WORKERS]
    bars += len(crew)
    vals_list.append(
        {
            "name": f"Bench session {i}",
            "start": start,
            "stop": start + timedelta(hours=1),
            "location_type": "site",
            "site_partner_id": site.id,
            "client_ids": [(6, 0, clients[i % 40 :][:8].ids)],
            "worker_ids": [(6, 0, crew.ids)],
            "state": "rostered" if i % 3 else "draft",
        }
    )
env["dex.session"].create(vals_list)
env["resource.calendar.leaves"].create(
    [
        {
            "name": "Bench leave",
            "resource_id": worker.resource_id.id,
            "date_from": monday + timedelta(days=i % 7),
            "date_to": monday + timedelta(days=i % 7, hours=23),
        }
        for i, worker in enumerate(workers)
    ]
)
env.cr.commit()

sessions = env["dex.session"].with_user(user)
domain = [("worker_ids.member_of_department", "=", True)]  # as My Team
period = (monday, monday + timedelta(days=7))
timings, queries = [], []
for _run in range(6):
    env.invalidate_all()
    before = env.cr.sql_log_count
    t0 = time.perf_counter()
    data = sessions.get_worker_timeline(domain, *period)
    timings.append(time.perf_counter() - t0)
    queries.append(env.cr.sql_log_count - before)
timings = timings[1:]  # the first run warms the rule and field caches
print(f"BENCH week of {len(data['rows'])} rows, {len(data['sessions'])} sessions")
print(f"BENCH_BARS {bars}")
print(
    f"BENCH get_worker_timeline as the DEX user: median {statistics.median(timings) * 1000:.0f} ms, "
    f"best {min(timings) * 1000:.0f} ms, {queries[-1]} queries"
)
