import { registry } from "@web/core/registry";
import { calendarView } from "@web/views/calendar/calendar_view";
import { CalendarController } from "@web/views/calendar/calendar_controller";

/**
 * Sessions Calendar: a click on an empty slot (or the New button) opens the
 * four-step session wizard instead of a bare form, with the slot's start/end and
 * the worker(s) the calendar is filtered on already filled in.
 */
export class DexSessionCalendarController extends CalendarController {
    workerDefaults() {
        const section = this.model.data.filterSections.worker_ids;
        if (!section) {
            return [];
        }
        const workers = section.filters.filter((filter) => filter.type === "record");
        const active = workers.filter((filter) => filter.active);
        // Every worker shown means "not filtered": prefill nobody.
        return active.length < workers.length ? active.map((filter) => filter.value) : [];
    }

    async createRecord(record) {
        if (!this.model.canCreate) {
            return;
        }
        const context = this.model.makeContextDefaults(this.model.buildRawRecord(record));
        delete context.default_name;
        const workers = this.workerDefaults();
        if (workers.length) {
            context.default_worker_ids = workers;
        }
        context.dex_from_calendar = true;
        await this.action.doAction("group_dex_sessions.dex_session_create_action", {
            additionalContext: context,
            onClose: () => this.model.load(),
        });
    }
}

export const dexSessionCalendarView = {
    ...calendarView,
    Controller: DexSessionCalendarController,
};

registry.category("views").add("dex_session_calendar", dexSessionCalendarView);
