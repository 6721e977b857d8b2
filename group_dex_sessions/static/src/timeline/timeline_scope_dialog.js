import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";

/**
 * Asks which sessions of a series a drag changes, with the choices of the
 * session form: this session, this and the following ones, or all of them.
 */
export class DexTimelineScopeDialog extends Component {
    static template = "group_dex_sessions.DexTimelineScopeDialog";
    static components = { Dialog };
    static props = { sessionName: String, confirm: Function, close: Function };

    get title() {
        return _t("Change a session of a series");
    }

    choose(scope) {
        this.props.confirm(scope);
        this.props.close();
    }
}
