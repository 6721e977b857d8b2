import { registry } from "@web/core/registry";

const { DateTime } = luxon;

function row(worker) {
    return `.o_dex_timeline_row[data-worker-name='${worker}']`;
}

function dragTo(session, worker, time) {
    const slot = `${DateTime.local().plus({ days: 1 }).toISODate()}T${time}`;
    return {
        content: `Drag ${session} to ${worker}'s row`,
        trigger: `.o_dex_timeline_session:contains(${session})`,
        async run(helpers) {
            await helpers.drag_and_drop(`${row(worker)} .o_dex_timeline_cell[data-start='${slot}']`, {
                position: { top: 12, left: 10 },
                relative: true,
            });
        },
    };
}

/**
 * Tomorrow, Tour Ann and Tour Ben both work on "Tour pair session"; Ann alone on
 * the first session of "Tour series". A drop that the server refuses says why;
 * a drag of a session of a series asks which sessions change.
 */
registry.category("web_tour.tours").add("dex_session_timeline_refusal_tour", {
    steps: () => [
        {
            content: "Open the worker view",
            trigger: ".o_control_panel .o_switch_view.o_dex_timeline",
            run: "click",
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
            content: "The pair session is in Ann's row",
            trigger: `${row("Tour Ann")} .o_dex_timeline_session:contains(Tour pair session)`,
        },
        dragTo("Tour pair session", "Tour Ben", "09:00"),
        {
            content: "Refused, and the notification says why",
            trigger: ".o_notification:contains(Tour Ben already works on Tour pair session)",
        },
        {
            content: "The series session is in Ann's row",
            trigger: `${row("Tour Ann")} .o_dex_timeline_session:contains(Tour series)`,
        },
        dragTo("Tour series", "Tour Ben", "13:00"),
        {
            content: "Asked which sessions of the series change: only this one",
            trigger: ".modal .o_dex_timeline_scope_self_only",
            run: "click",
        },
        {
            content: "It is now in Ben's row",
            trigger: `body:not(:has(.modal)) ${row("Tour Ben")} .o_dex_timeline_session:contains(Tour series)`,
        },
    ],
});
