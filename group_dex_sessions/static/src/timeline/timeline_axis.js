/**
 * The time axis of the worker timeline, in the user's local time: the days of
 * the period, the hours of the day shown, the hour cells one can click, and the
 * conversion between a moment and a position (0 = left edge, 1 = right edge).
 * Hours outside the shown ones are left out of the axis, so a bar that starts
 * before them is drawn from the start of its day.
 */

export const SNAP_MINUTES = 15;

export function getPeriod(date, scale) {
    const start = date.startOf(scale === "week" ? "week" : "day");
    return { start, end: start.plus(scale === "week" ? { weeks: 1 } : { days: 1 }) };
}

/**
 * The hours [from, to) shown each day: the configured ones, widened so that every
 * item of the period fits; all 24 when an item runs over midnight.
 */
export function getShownHours(items, period, hourStart, hourEnd) {
    let from = hourStart;
    let to = hourEnd;
    for (const item of items) {
        const start = item.start < period.start ? period.start : item.start;
        const stop = item.stop > period.end ? period.end : item.stop;
        if (stop <= start) {
            continue;
        }
        const last = stop.minus({ milliseconds: 1 });
        if (!start.hasSame(last, "day")) {
            return { from: 0, to: 24 };
        }
        from = Math.min(from, start.hour);
        to = Math.max(to, last.hour + 1);
    }
    return { from, to };
}

export class TimelineAxis {
    constructor(period, hours) {
        this.period = period;
        this.hours = hours;
        this.days = [];
        for (let day = period.start; day < period.end; day = day.plus({ days: 1 })) {
            this.days.push(day);
        }
        this.dayMinutes = (hours.to - hours.from) * 60;
        this.totalMinutes = this.days.length * this.dayMinutes;
        this.cells = [];
        for (const day of this.days) {
            for (let hour = hours.from; hour < hours.to; hour++) {
                const start = day.set({ hour });
                this.cells.push({
                    key: start.toFormat("yyyy-MM-dd'T'HH:mm"),
                    start,
                    end: hour + 1 < 24 ? day.set({ hour: hour + 1 }) : day.plus({ days: 1 }),
                    hour,
                    firstOfDay: hour === hours.from,
                });
            }
        }
    }

    /** Where ``moment`` is on the axis, between 0 and 1. */
    position(moment) {
        let index = this.days.findIndex((day, i) => {
            const next = this.days[i + 1] || this.period.end;
            return moment >= day && moment < next;
        });
        if (index === -1) {
            return moment < this.period.start ? 0 : 1;
        }
        const shownStart = this.days[index].set({ hour: this.hours.from });
        const minutes = Math.min(
            Math.max(moment.diff(shownStart, "minutes").minutes, 0),
            this.dayMinutes
        );
        return (index * this.dayMinutes + minutes) / this.totalMinutes;
    }

    /** The moment at ``position`` (0..1) on the axis. */
    momentAt(position) {
        const minutes = Math.min(Math.max(position, 0), 1) * this.totalMinutes;
        const index = Math.min(Math.floor(minutes / this.dayMinutes), this.days.length - 1);
        const rest = minutes - index * this.dayMinutes;
        return this.days[index].set({ hour: this.hours.from }).plus({ minutes: rest });
    }
}

/**
 * Stack overlapping bars of one row into lanes; sets ``bar.lane`` and returns the
 * number of lanes (at least one).
 */
export function assignLanes(bars) {
    const laneEnds = [];
    const sorted = [...bars].sort((a, b) => a.left - b.left || b.width - a.width);
    for (const bar of sorted) {
        let lane = laneEnds.findIndex((end) => end <= bar.left + 1e-9);
        if (lane === -1) {
            lane = laneEnds.length;
        }
        laneEnds[lane] = bar.left + bar.width;
        bar.lane = lane;
    }
    return Math.max(laneEnds.length, 1);
}

/** ``minutes`` rounded to the nearest snap step. */
export function snapMinutes(minutes) {
    return Math.round(minutes / SNAP_MINUTES) * SNAP_MINUTES;
}
