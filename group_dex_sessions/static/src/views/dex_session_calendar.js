import { registry } from "@web/core/registry";
import { calendarView } from "@web/views/calendar/calendar_view";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { CalendarModel } from "@web/views/calendar/calendar_model";

/**
 * Sessions Calendar: a click on an empty slot (or the New button) opens the
 * four-step session wizard instead of a bare form, with the slot's start/end and
 * the worker the calendar is filtered on already filled in.
 */
export class DexSessionCalendarController extends CalendarController {
    workerDefaults() {
        const section = this.model.data.filterSections.worker_ids;
        if (!section || section.filters.some((f) => f.type === "all" && f.active)) {
            return []; // showing everybody's sessions: nobody to prefill
        }
        const shown = section.filters.filter((f) => f.type === "record" && f.active);
        // Filtered on one worker: that worker runs the new session.
        return shown.length === 1 ? [shown[0].value] : [];
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

/**
 * Until a user has picked workers in the side panel, show everybody's sessions
 * rather than an empty calendar.
 */
export class DexSessionCalendarModel extends CalendarModel {
    async loadFilterSection(fieldName, filterInfo, previousSection) {
        const section = await super.loadFilterSection(...arguments);
        const hasWorkers = section.filters.some((filter) => filter.type === "record");
        const all = section.filters.find((filter) => filter.type === "all");
        if (all && !previousSection && !hasWorkers) {
            all.active = true;
        }
        return section;
    }
}

export const dexSessionCalendarView = {
    ...calendarView,
    Controller: DexSessionCalendarController,
    Model: DexSessionCalendarModel,
};

registry.category("views").add("dex_session_calendar", dexSessionCalendarView);
