import { formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

function row(worker) {
    return `.o_dex_timeline_row[data-worker-name='${worker}']`;
}

function pick(field, text) {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `.modal .o_field_widget[name=${field}] input`,
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

/**
 * On the demo data, as a DEX user of Marc Demo's and Ronnie Hart's department:
 * tomorrow's Cooking group (both of them) shows in both rows; a click at 08:00
 * in Marc's row plans a session for him; dragging it to Ronnie's row hands it
 * over. The test checks what was saved.
 */
registry.category("web_tour.tours").add("dex_session_timeline_tour", {
    steps: () => {
        const tomorrow = DateTime.local().plus({ days: 1 });
        const slot = `${tomorrow.toISODate()}T08:00`;
        return [
            {
                content: "Open the worker view of the Sessions Calendar",
                trigger: ".o_control_panel .o_switch_view.o_dex_timeline",
                run: "click",
            },
            {
                content: "It shows the user's team by default",
                trigger: ".o_searchview_facet:contains(My Team)",
            },
            {
                content: "...whose rows are the user's department: not the CEO's",
                trigger: `.o_dex_timeline_body:has(${row("Marc Demo")}):not(:has(${row("Mitchell Admin")}))`,
            },
            {
                content: "One day at a time",
                trigger: ".o_dex_timeline_scale_day",
                run: "click",
            },
            {
                content: "The day scale is on",
                trigger: ".o_dex_timeline_scale_day.active",
            },
            {
                content: "Forward to tomorrow",
                trigger: ".o_dex_timeline_next",
                run: "click",
            },
            {
                content: "Tomorrow is shown",
                trigger: `.o_dex_timeline_period:contains(${tomorrow.toFormat("cccc d LLLL yyyy")})`,
            },
            {
                content: "The two-worker Cooking group is in Marc Demo's row...",
                trigger: `${row("Marc Demo")} .o_dex_timeline_session:contains(Cooking group)`,
            },
            {
                content: "...and in Ronnie Hart's row",
                trigger: `${row("Ronnie Hart")} .o_dex_timeline_session:contains(Cooking group)`,
            },
            {
                content: "Click the empty 08:00 cell of Marc Demo's row",
                trigger: `${row("Marc Demo")} .o_dex_timeline_cell[data-start='${slot}']`,
                run: "click",
            },
            {
                content: "The wizard opens at that slot...",
                trigger: ".modal .o_field_widget[name=start] input",
                run() {
                    // as the wizard shows it: the user's date format, no seconds
                    const expected = formatDateTime(tomorrow.set({ hour: 8, minute: 0 }), {
                        showSeconds: false,
                    });
                    if (this.anchor.value !== expected) {
                        throw new Error(`The start reads "${this.anchor.value}", not "${expected}"`);
                    }
                },
            },
            {
                content: "Name the session",
                trigger: ".modal .o_field_widget[name=name] input",
                run: "edit Tour timeline session",
            },
            ...pick("site_partner_id", "Timeline Tour Hall"),
            ...next("Attendees"),
            ...pick("client_ids", "Timeline Tour Client"),
            {
                content: "...for Marc Demo",
                trigger: ".modal .o_field_widget[name=worker_ids]:contains(Marc Demo)",
            },
            ...next("Services"),
            ...next("Finalise"),
            {
                content: "Save and Roster",
                trigger: ".modal-footer button[name=action_save_and_roster]",
                run: "click",
            },
            {
                content: "The new session is in Marc Demo's row",
                trigger: `body:not(:has(.modal)) ${row("Marc Demo")} .o_dex_timeline_session:contains(Tour timeline session)`,
            },
            {
                content: "Drag it to Ronnie Hart's row",
                trigger: `${row("Marc Demo")} .o_dex_timeline_session:contains(Tour timeline session)`,
                async run(helpers) {
                    await helpers.drag_and_drop(
                        `${row("Ronnie Hart")} .o_dex_timeline_cell[data-start='${slot}']`,
                        { position: { top: 12, left: 10 }, relative: true }
                    );
                },
            },
            {
                content: "It is now in Ronnie Hart's row",
                trigger: `${row("Ronnie Hart")} .o_dex_timeline_session:contains(Tour timeline session)`,
            },
            {
                content: "...and no longer in Marc Demo's",
                trigger: `${row("Marc Demo")}:not(:has(.o_dex_timeline_session:contains(Tour timeline session)))`,
            },
        ];
    },
});
