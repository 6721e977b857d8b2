import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";

/**
 * The file(s) a Download has just written: fetched as a download, then the
 * action closes, so that the extract's form reloads and shows it Extracted,
 * with its files. A plain URL action would leave the form as it was before,
 * still offering to download records already sent.
 */
async function downloadDexFiles(env, action) {
    await download({ url: action.params.url, data: {} });
    return { type: "ir.actions.act_window_close" };
}

registry.category("actions").add("group_dex_sessions.download_files", downloadDexFiles);
