import { registry } from "@web/core/registry";

const TITLE = "New Group Session";

function pick(field, text, scope = ".modal") {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.o-autocomplete--dropdown-item > a:contains("${text}")`,
            run: "click",
        },
    ];
}

function onStep(step) {
    return [
        {
            content: `On the ${step} step`,
            trigger: `.modal .o_statusbar_status button.o_arrow_button_current:contains("${step}")`,
        },
        {
            content: `The dialog is still called ${TITLE} on ${step}`,
            trigger: `.modal .modal-title:contains("${TITLE}")`,
            run() {
                const title = this.anchor.textContent.trim();
                if (title !== TITLE) {
                    throw new Error(`The ${step} step is titled "${title}"`);
                }
            },
        },
    ];
}

function next(step) {
    return [
        {
            content: "Next step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        ...onStep(step),
    ];
}

function addService(service) {
    return [
        {
            content: "Add Planned Service",
            trigger: ".modal button[name=action_add_service]",
            run: "click",
        },
        {
            content: "The per-service form opens",
            trigger: `.modal .modal-title:contains("${TITLE}: Add Planned Service")`,
        },
        ...pick("category_id", "Tour Social"),
        {
            content: `The category's services are listed beneath: choose ${service}`,
            trigger: `.modal .o_field_widget[name=service_id] label:contains("${service}")`,
            run: "click",
        },
        {
            content: "Every client of the session starts selected",
            trigger: ".modal .o_dex_dual_list_selected:contains('Selected (2)')",
        },
    ];
}

function saveService(service) {
    return [
        {
            content: "Save Service",
            trigger: ".modal-footer button[name=action_save_service]",
            run: "click",
        },
        ...onStep("Services"),
        {
            content: `${service} is on the Services step`,
            trigger: `.modal div[name=line_ids] .o_data_row:contains("${service}")`,
        },
    ];
}

registry.category("web_tour.tours").add("dex_session_wizard_tour", {
    steps: () => [
        {
            content: "The calendar is filtered on the worker, shown with an avatar",
            trigger: ".o_calendar_filter_item[data-value] .o_cw_filter_avatar",
        },
        {
            content: "In English (Australia) the week starts on Monday",
            trigger: ".o_calendar_view .fc-col-header-cell .o_cw_day_name",
            run() {
                const first = document.querySelector(
                    ".o_calendar_view .fc-col-header-cell .o_cw_day_name"
                );
                if (!/^mon/i.test(first.textContent.trim())) {
                    throw new Error(`The week starts on ${first.textContent}`);
                }
            },
        },
        {
            content: "A 15-minute session shows its subject beside its time",
            trigger: ".o_calendar_view .fc-event .o_event_title:contains(Tour phone check)",
            run() {
                const box = this.anchor.closest(".fc-event").getBoundingClientRect();
                const title = this.anchor.getBoundingClientRect();
                if (title.width < 20 || title.bottom > box.bottom + 1) {
                    throw new Error("The short session's subject is cut off");
                }
            },
        },
        {
            content: "Click a 10:00 slot of the Sessions Calendar",
            trigger: ".o_calendar_view .fc-timegrid-slot-lane[data-time='10:00:00']",
            run: "click",
        },
        ...onStep("Details"),
        {
            content: "The slot's start reads day/month/year, without seconds",
            trigger: ".modal .o_field_widget[name=start] input",
            run() {
                if (!/^\d{2}\/\d{2}\/\d{4} 10:00$/.test(this.anchor.value)) {
                    throw new Error(`The start reads "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "Name the session",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour cooking group",
        },
        ...pick("site_partner_id", "Tour Hall"),
        ...next("Attendees"),
        ...pick("client_ids", "Tour Client"),
        ...pick("client_ids", "Tour Second Client"),
        {
            content: "The worker the calendar is filtered on is already rostered",
            trigger: ".modal .o_field_widget[name=worker_ids]:contains(Tour Worker)",
        },
        ...next("Services"),
        ...addService("Tour Cooking"),
        {
            content: "Move Tour Second Client back to the available clients",
            trigger: ".modal .o_dex_dual_list_selected button:contains(Tour Second Client)",
            run: "click",
        },
        {
            content: "Tour Second Client is available, not selected",
            trigger: ".modal .o_dex_dual_list_available button:contains(Tour Second Client)",
        },
        ...saveService("Tour Cooking"),
        ...addService("Tour Outing"),
        {
            content: "An outing charges travel, in the service's travel area",
            trigger: ".modal .o_field_widget[name=travel_area_id] input",
            run() {
                if (this.anchor.value !== "Tour Metro") {
                    throw new Error(`The travel area is "${this.anchor.value}"`);
                }
            },
        },
        ...saveService("Tour Outing"),
        {
            content: "Both services are on the step",
            trigger: ".modal div[name=line_ids] .o_data_row:contains(Tour Cooking) ~ .o_data_row:contains(Tour Outing)",
        },
        ...next("Finalise"),
        ...pick("service_setting_id", "Organisation outlet"),
        ...pick("outlet_activity_id", "Tour Outlet"),
        {
            content: "Save and Roster",
            trigger: ".modal-footer button[name=action_save_and_roster]",
            run: "click",
        },
        {
            content: "The new session is on the calendar",
            trigger: ".o_calendar_view .fc-event:contains(Tour cooking group)",
        },
    ],
});
