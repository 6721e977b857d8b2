import { registry } from "@web/core/registry";

/**
 * A DEX manager (no technical rights) collects a drafted extract of two
 * completed sessions and downloads its file (or its parts, zipped). The form
 * then shows what was done: the extract is Extracted, its file is listed, and
 * nothing offers to download the same records again.
 */
registry.category("web_tour.tours").add("dex_extract_tour", {
    steps: () => [
        {
            content: "Collect the records of the period",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_collect']",
            run: "click",
        },
        {
            content: "The records are collected and validated: 2 sessions ready to write",
            trigger: ".o_form_view .o_field_widget[name='staged_session_count']:contains(2)",
        },
        {
            content: "Download the DEX file",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_download']",
            run: "click",
        },
        {
            content: "Confirm: the records will be marked extracted",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The extract is Extracted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Extracted)",
        },
        {
            content: "Its file is listed on the Files tab",
            trigger: ".o_notebook .nav-link:contains(Files)",
            run: "click",
        },
        {
            content: "The file, written now",
            trigger: ".o_field_widget[name='file_ids'] .o_data_row:contains(_file-1_)",
        },
        {
            content: "Nothing offers to download the same records again",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_download']))",
        },
    ],
});
