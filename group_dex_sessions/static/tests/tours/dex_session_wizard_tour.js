import { registry } from "@web/core/registry";

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

function next(step) {
    return [
        {
            content: "Next step",
            trigger: ".modal-footer button[name=action_next]",
            run: "click",
        },
        {
            content: `On the ${step} step`,
            trigger: `.modal .o_statusbar_status button.o_arrow_button_current:contains("${step}")`,
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
            content: "The Sessions Calendar is open",
            trigger: ".o_calendar_view .fc-timegrid-slot-lane[data-time='10:00:00']",
            run: "click",
        },
        {
            content: "The wizard opens on its Details step",
            trigger: ".modal .o_statusbar_status button.o_arrow_button_current:contains(Details)",
        },
        {
            content: "Name the session",
            trigger: ".modal .o_field_widget[name=name] input",
            run: "edit Tour cooking group",
        },
        ...pick("site_partner_id", "Tour Hall"),
        ...next("Attendees"),
        ...pick("client_ids", "Tour Client"),
        {
            content: "The worker the calendar is filtered on is already rostered",
            trigger: ".modal .o_field_widget[name=worker_ids]:contains(Tour Worker)",
        },
        ...next("Services"),
        {
            content: "Plan a service",
            trigger: ".modal div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick("category_id", "Tour Social", ".modal .o_data_row"),
        ...pick("service_id", "Tour Cooking", ".modal .o_data_row"),
        ...pick("client_ids", "Tour Client", ".modal .o_data_row"),
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
