import { registry } from "@web/core/registry";
import { exprToBoolean } from "@web/core/utils/strings";
import { DexTimelineController } from "./timeline_controller";
import { DexTimelineModel } from "./timeline_model";
import { DexTimelineRenderer } from "./timeline_renderer";

/** What the <dex_timeline> arch says: scale (day/week), hours shown, create. */
export function parseTimelineArch(arch) {
    const scale = arch.getAttribute("scale") === "day" ? "day" : "week";
    const hour = (name, fallback) => {
        const value = parseInt(arch.getAttribute(name), 10);
        return Number.isInteger(value) && value >= 0 && value <= 24 ? value : fallback;
    };
    const hourStart = hour("hour_start", 7);
    const hourEnd = Math.max(hour("hour_end", 19), hourStart + 1);
    const canCreate = exprToBoolean(arch.getAttribute("create") ?? "1");
    return { scale, hourStart, hourEnd, canCreate };
}

export const dexTimelineView = {
    type: "dex_timeline",
    Controller: DexTimelineController,
    Model: DexTimelineModel,
    Renderer: DexTimelineRenderer,
    searchMenuTypes: ["filter", "favorite"],
    props: (genericProps, view) => ({
        ...genericProps,
        Model: view.Model,
        Renderer: view.Renderer,
        archInfo: parseTimelineArch(genericProps.arch),
    }),
};

registry.category("views").add("dex_timeline", dexTimelineView);
