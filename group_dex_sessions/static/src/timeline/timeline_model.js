import { deserializeDateTime, serializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { Model } from "@web/model/model";
import { TimelineAxis, assignLanes, getPeriod, getShownHours } from "./timeline_axis";

const { DateTime } = luxon;
// the minimum width of a bar, as a share of the row, so a short one stays clickable
const MIN_WIDTH = 0.004;

/**
 * Loads one period of the worker timeline through dex.session's
 * get_worker_timeline and lays it out: rows (the "no worker" row first when a
 * session has nobody), each with its time off and its session bars in lanes.
 */
export class DexTimelineModel extends Model {
    setup(params) {
        this.resModel = params.resModel;
        this.scale = params.scale;
        this.hourStart = params.hourStart;
        this.hourEnd = params.hourEnd;
        this.date = DateTime.local().startOf("day");
        this.rows = [];
        this.axis = null;
        this.sessionCount = 0;
    }

    async load(searchParams) {
        if (searchParams) {
            this.searchParams = searchParams;
        }
        const period = getPeriod(this.date, this.scale);
        const data = await this.orm.call(
            this.resModel,
            "get_worker_timeline",
            [this.searchParams.domain, serializeDateTime(period.start), serializeDateTime(period.end)],
            { context: this.searchParams.context }
        );
        this.layout(period, data);
        this.notify();
    }

    layout(period, data) {
        const sessions = data.sessions.map((session) => ({
            ...session,
            start: deserializeDateTime(session.start),
            stop: deserializeDateTime(session.stop),
        }));
        const leaves = data.leaves.map((leave) => ({
            ...leave,
            start: deserializeDateTime(leave.start),
            stop: deserializeDateTime(leave.stop),
        }));
        const axis = new TimelineAxis(
            period,
            getShownHours(sessions, period, this.hourStart, this.hourEnd)
        );
        const rows = data.rows.map((row) => ({ ...row, key: `worker_${row.id}` }));
        if (sessions.some((session) => !session.worker_ids.length)) {
            rows.unshift({ id: false, key: "worker_none", name: _t("No worker"), job_title: "" });
        }
        for (const row of rows) {
            row.bars = sessions
                .filter((session) =>
                    row.id ? session.worker_ids.includes(row.id) : !session.worker_ids.length
                )
                .map((session) => this.makeBar(axis, session));
            row.lanes = assignLanes(row.bars);
            row.leaves = leaves
                .filter((leave) => leave.worker_id === row.id)
                .map((leave) => this.place(axis, leave));
        }
        this.period = period;
        this.axis = axis;
        this.rows = rows;
        this.sessionCount = sessions.length;
    }

    place(axis, item) {
        const left = axis.position(item.start);
        const width = Math.max(axis.position(item.stop) - left, MIN_WIDTH);
        return { ...item, left, width: Math.min(width, 1 - left) };
    }

    makeBar(axis, session) {
        const bar = this.place(axis, session);
        // drawn shorter than it is: it starts or ends in hours the axis leaves out
        const drawnStart = axis.momentAt(bar.left).minus({ minutes: 1 });
        const drawnStop = axis.momentAt(bar.left + bar.width).plus({ minutes: 1 });
        bar.clipped = session.start < drawnStart || session.stop > drawnStop;
        return bar;
    }

    async setScale(scale) {
        this.scale = scale;
        await this.load();
    }

    async move(direction) {
        const step = this.scale === "week" ? { weeks: 1 } : { days: 1 };
        if (direction === "today") {
            this.date = DateTime.local().startOf("day");
        } else {
            this.date = direction === "next" ? this.date.plus(step) : this.date.minus(step);
        }
        await this.load();
    }
}
