import { Component, onWillStart, onWillUpdateProps, useRef } from "@odoo/owl";
import { serializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { user } from "@web/core/user";
import { useBus, useService } from "@web/core/utils/hooks";
import { CogMenu } from "@web/search/cog_menu/cog_menu";
import { Layout } from "@web/search/layout";
import { SearchBar } from "@web/search/search_bar/search_bar";
import { useSearchBarToggler } from "@web/search/search_bar/search_bar_toggler";
import { standardViewProps } from "@web/views/standard_view_props";
import { DexTimelineScopeDialog } from "./timeline_scope_dialog";

const WIZARD_ACTION = "group_dex_sessions.dex_session_create_action";
// search fields and filters that already say whose rows to show
const WORKER_FIELDS = ["worker_ids", "worker_id", "worker_department_ids"];
const WORKER_FILTERS = ["my_team", "my_sessions"];
// what the server refuses with a message for the user (not a crash)
const USER_ERROR = /^odoo\.exceptions\./;
// search models (one per opening of the action) that got the My Team default
const teamDefaulted = new WeakSet();

/**
 * The worker timeline of the Sessions Calendar: today / back / forward, day or
 * week, and what a click or a drag in the rows asks for: the session wizard at
 * a slot for a worker, a session's form, or a move through timeline_move.
 */
export class DexTimelineController extends Component {
    static template = "group_dex_sessions.DexTimelineController";
    static components = { Layout, SearchBar, CogMenu };
    static props = {
        ...standardViewProps,
        Model: Function,
        Renderer: Function,
        archInfo: Object,
    };

    setup() {
        this.action = useService("action");
        this.dialog = useService("dialog");
        this.notification = useService("notification");
        this.orm = useService("orm");
        this.rootRef = useRef("root");
        const { scale, hourStart, hourEnd } = this.props.archInfo;
        this.model = new this.props.Model(
            this.env,
            { resModel: this.props.resModel, scale, hourStart, hourEnd },
            { orm: this.orm }
        );
        onWillStart(async () => {
            await this.applyTeamDefault();
            // the search model, not this.props: they do not have the default yet
            const { domain, context } = this.env.searchModel;
            await this.model.load({ domain, context });
        });
        onWillUpdateProps((next) => this.model.load({ domain: next.domain, context: next.context }));
        useBus(this.model.bus, "update", () => this.render(true));
        this.searchBarToggler = useSearchBarToggler();
    }

    /**
     * First time in this action, with no worker filter yet: show the user's team
     * (when the user is a worker, so has one).
     */
    async applyTeamDefault() {
        const searchModel = this.env.searchModel;
        if (teamDefaulted.has(searchModel)) {
            return;
        }
        teamDefaulted.add(searchModel);
        const active = new Set(searchModel.query.map((entry) => entry.searchItemId));
        const items = Object.values(searchModel.searchItems);
        const filtered = items.some(
            (item) =>
                active.has(item.id) &&
                (WORKER_FIELDS.includes(item.fieldName) || WORKER_FILTERS.includes(item.name))
        );
        const myTeam = items.find((item) => item.name === "my_team");
        if (filtered || !myTeam) {
            return;
        }
        const isWorker = await this.orm.searchCount("hr.employee", [["user_id", "=", user.userId]], {
            limit: 1,
        });
        if (isWorker) {
            searchModel.toggleSearchItem(myTeam.id);
        }
    }

    get periodTitle() {
        const { start, end } = this.model.period;
        if (this.model.scale === "day") {
            return start.toFormat("cccc d LLLL yyyy");
        }
        const last = end.minus({ days: 1 });
        return `${start.toFormat("d LLL")} - ${last.toFormat("d LLL yyyy")}`;
    }

    get canCreate() {
        return this.props.archInfo.canCreate;
    }

    async createSession(start, end, workerId) {
        const context = { dex_from_calendar: true };
        if (start) {
            context.default_start = serializeDateTime(start);
            context.default_stop = serializeDateTime(end);
        }
        if (workerId) {
            context.default_worker_ids = [workerId];
        }
        await this.action.doAction(WIZARD_ACTION, {
            additionalContext: context,
            onClose: () => this.model.load(),
        });
    }

    async openSession(sessionId) {
        await this.props.selectRecord(sessionId, { activeIds: [] });
    }

    askScope(bar) {
        return new Promise((resolve) => {
            this.dialog.add(
                DexTimelineScopeDialog,
                { sessionName: bar.name, confirm: resolve },
                { onClose: () => resolve(false) }
            );
        });
    }

    /** Move (and/or hand over) a session; a refusal says why, in a notification. */
    async moveSession(bar, fromWorkerId, toWorkerId, start, stop) {
        let scope = false;
        if (bar.series) {
            scope = await this.askScope(bar);
            if (!scope) {
                return;
            }
        }
        try {
            const result = await this.orm.call(
                this.props.resModel,
                "timeline_move",
                [[bar.id], serializeDateTime(start), serializeDateTime(stop)],
                {
                    from_worker_id: fromWorkerId,
                    to_worker_id: toWorkerId,
                    recurrence_update: scope,
                    context: this.props.context,
                }
            );
            if (result && typeof result === "object") {
                await this.action.doAction(result);
            }
        } catch (error) {
            if (!(error instanceof RPCError) || !USER_ERROR.test(error.exceptionName || "")) {
                throw error;
            }
            this.notification.add(error.data.message, {
                title: _t("%(session)s was not moved", { session: bar.name }),
                type: "danger",
                sticky: true,
            });
        }
        await this.model.load();
    }
}
