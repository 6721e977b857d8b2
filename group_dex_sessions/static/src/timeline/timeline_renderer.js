import { Component, useExternalListener, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { snapMinutes } from "./timeline_axis";

const { DateTime } = luxon;
const LANE_HEIGHT = 34;
const TITLE_WIDTH = 210; // as $o-dex-timeline-title-width
// narrowest hour, in pixels: wider views scroll sideways rather than squeeze bars
const MIN_HOUR_WIDTH = { day: 48, week: 16 };
// pixels the pointer must travel before a press on a session becomes a drag
const DRAG_THRESHOLD = 4;

/**
 * Draws the rows of the worker timeline and turns the pointer into intents:
 * press and release on empty cells = plan a session there (for that worker),
 * press and release on a session = open it, drag a session = move it (along its
 * row) or hand it over (to another row). The controller carries them out.
 */
export class DexTimelineRenderer extends Component {
    static template = "group_dex_sessions.DexTimelineRenderer";
    static props = {
        model: Object,
        canCreate: Boolean,
        createSession: Function,
        openSession: Function,
        moveSession: Function,
    };

    setup() {
        this.root = useRef("root");
        this.selection = useState({ rowKey: null, from: 0, to: 0 });
        this.pending = null;
        useExternalListener(window, "pointermove", this.onWindowPointerMove);
        useExternalListener(window, "pointerup", this.onWindowPointerUp);
        useExternalListener(window, "pointercancel", this.cancelPointer);
    }

    get axis() {
        return this.props.model.axis;
    }

    get isWeek() {
        return this.props.model.scale === "week";
    }

    // ------------------------------------------------------------------
    // What the template shows
    // ------------------------------------------------------------------

    isToday(day) {
        return day.hasSame(DateTime.local(), "day");
    }

    dayLabel(day) {
        return this.isWeek ? day.toFormat("ccc d LLL") : day.toLocaleString(DateTime.DATE_HUGE);
    }

    hourLabel(cell) {
        if (this.isWeek) {
            return (cell.hour - this.axis.hours.from) % 3 === 0 ? cell.start.toFormat("H") : "";
        }
        return cell.start.toFormat("HH:mm");
    }

    avatarUrl(row) {
        return `/web/image/hr.employee.public/${row.id}/avatar_128`;
    }

    get gridStyle() {
        const hourWidth = MIN_HOUR_WIDTH[this.props.model.scale];
        return `min-width: ${TITLE_WIDTH + this.axis.cells.length * hourWidth}px;`;
    }

    trackHeight(row) {
        return row.lanes * LANE_HEIGHT + 6;
    }

    spanStyle(item) {
        return `left: ${item.left * 100}%; width: ${item.width * 100}%;`;
    }

    sessionStyle(bar) {
        return `${this.spanStyle(bar)} top: ${bar.lane * LANE_HEIGHT + 3}px; height: ${LANE_HEIGHT - 4}px;`;
    }

    sessionClass(bar) {
        return `o_dex_timeline_color_${bar.color} o_dex_timeline_state_${bar.state}${
            bar.clipped ? " o_dex_timeline_clipped" : ""
        }`;
    }

    clientLabel(bar) {
        return bar.client_count === 1
            ? _t("1 client")
            : _t("%(count)s clients", { count: bar.client_count });
    }

    timeRange(item) {
        const from = item.start.toFormat(this.isWeek ? "ccc HH:mm" : "HH:mm");
        const sameDay = item.start.hasSame(item.stop, "day");
        const to = item.stop.toFormat(sameDay ? "HH:mm" : "ccc d LLL HH:mm");
        return `${from} - ${to}`;
    }

    sessionTitle(bar) {
        const series = bar.series ? ` · ${_t("in a series")}` : "";
        return `${bar.name}\n${this.timeRange(bar)}\n${bar.state_label} · ${this.clientLabel(bar)}${series}`;
    }

    leaveTitle(leave) {
        return `${leave.label}\n${leave.start.toFormat("ccc d LLL HH:mm")} - ${leave.stop.toFormat("ccc d LLL HH:mm")}`;
    }

    selectionStyle() {
        const from = Math.min(this.selection.from, this.selection.to);
        const to = Math.max(this.selection.from, this.selection.to);
        const count = this.axis.cells.length;
        return `left: ${(from / count) * 100}%; width: ${((to - from + 1) / count) * 100}%;`;
    }

    // ------------------------------------------------------------------
    // Pointer
    // ------------------------------------------------------------------

    cellIndexAt(track, clientX) {
        const rect = track.getBoundingClientRect();
        const count = this.axis.cells.length;
        const index = Math.floor(((clientX - rect.left) / rect.width) * count);
        return Math.min(Math.max(index, 0), count - 1);
    }

    /**
     * The row under the pointer: the event's target, as the bar being dragged
     * lets the pointer through (pointer-events: none).
     */
    rowElementOf(ev) {
        return ev.target instanceof Element ? ev.target.closest(".o_dex_timeline_row") : null;
    }

    markDropRow(rowElement) {
        if (!this.root.el) {
            return;
        }
        for (const marked of this.root.el.querySelectorAll(".o_dex_timeline_drop_target")) {
            marked.classList.remove("o_dex_timeline_drop_target");
        }
        rowElement?.classList.add("o_dex_timeline_drop_target");
    }

    onTrackPointerDown(ev, row) {
        if (ev.button !== 0 || !this.props.canCreate) {
            return;
        }
        const track = ev.currentTarget;
        const index = this.cellIndexAt(track, ev.clientX);
        this.pending = { type: "select", row, track };
        Object.assign(this.selection, { rowKey: row.key, from: index, to: index });
    }

    onSessionPointerDown(ev, row, bar) {
        if (ev.button !== 0) {
            return;
        }
        this.pending = {
            type: "session",
            row,
            bar,
            element: ev.currentTarget,
            track: ev.currentTarget.closest(".o_dex_timeline_track"),
            x0: ev.clientX,
            y0: ev.clientY,
            moved: false,
        };
    }

    onWindowPointerMove(ev) {
        const pending = this.pending;
        if (!pending) {
            return;
        }
        if (pending.type === "select") {
            const index = this.cellIndexAt(pending.track, ev.clientX);
            if (index !== this.selection.to) {
                this.selection.to = index;
            }
            return;
        }
        const dx = ev.clientX - pending.x0;
        const dy = ev.clientY - pending.y0;
        if (!pending.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
            return;
        }
        pending.moved = true;
        pending.element.classList.add("o_dex_timeline_dragging");
        pending.element.style.transform = `translate(${dx}px, ${dy}px)`;
        this.markDropRow(this.rowElementOf(ev));
    }

    async onWindowPointerUp(ev) {
        const pending = this.pending;
        this.pending = null;
        if (!pending) {
            return;
        }
        if (pending.type === "select") {
            const cells = this.axis.cells;
            const first = cells[Math.min(this.selection.from, this.selection.to)];
            const last = cells[Math.max(this.selection.from, this.selection.to)];
            this.selection.rowKey = null;
            await this.props.createSession(first.start, last.end, pending.row.id);
            return;
        }
        if (!pending.moved) {
            await this.props.openSession(pending.bar.id);
            return;
        }
        const rowElement = this.rowElementOf(ev);
        this.markDropRow(null);
        const target = rowElement
            ? this.props.model.rows.find((row) => row.key === rowElement.dataset.rowKey)
            : null;
        const rect = pending.track.getBoundingClientRect();
        const before = this.axis.momentAt((pending.x0 - rect.left) / rect.width);
        const after = this.axis.momentAt((ev.clientX - rect.left) / rect.width);
        const minutes = snapMinutes(after.diff(before, "minutes").minutes);
        if (target && (minutes || target.key !== pending.row.key)) {
            await this.props.moveSession(
                pending.bar,
                pending.row.id,
                target.id,
                pending.bar.start.plus({ minutes }),
                pending.bar.stop.plus({ minutes })
            );
        }
        this.resetDragged(pending.element);
    }

    cancelPointer() {
        if (this.pending?.type === "session") {
            this.resetDragged(this.pending.element);
        }
        this.pending = null;
        this.selection.rowKey = null;
        this.markDropRow(null);
    }

    resetDragged(element) {
        element.classList.remove("o_dex_timeline_dragging");
        element.style.transform = "";
    }
}
