import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { getFieldDomain } from "@web/model/relational_model/utils";
import { useSpecialData } from "@web/views/fields/relational_utils";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * A many2many as two lists: what the field's domain allows but is not chosen
 * ("Available") and what is chosen ("Selected"). A click moves one record
 * across; "Select all" and "Clear" move them all.
 */
export class DexDualListField extends Component {
    static template = "group_dex_sessions.DexDualListField";
    static props = {
        ...standardFieldProps,
        domain: { type: [Array, Function], optional: true },
    };

    setup() {
        this.choices = useSpecialData(async (orm, props) => {
            const { relation } = props.record.fields[props.name];
            const domain = getFieldDomain(props.record, props.name, props.domain);
            const { records } = await orm.call(relation, "web_search_read", [], {
                specification: { display_name: {} },
                domain,
            });
            return records;
        });
    }

    get list() {
        return this.props.record.data[this.props.name];
    }

    get available() {
        const chosen = new Set(this.list.currentIds);
        return (this.choices.data || []).filter((choice) => !chosen.has(choice.id));
    }

    get selected() {
        return this.list.records.map((record) => ({
            id: record.resId,
            display_name: record.data.display_name,
        }));
    }

    select(ids) {
        return this.list.addAndRemove({ add: ids });
    }

    unselect(ids) {
        return this.list.addAndRemove({ remove: ids });
    }
}

export const dexDualListField = {
    component: DexDualListField,
    displayName: _t("Dual list"),
    supportedTypes: ["many2many"],
    relatedFields: [{ name: "display_name", type: "char" }],
    isEmpty: () => false,
    extractProps(fieldInfo, dynamicInfo) {
        return { domain: dynamicInfo.domain };
    },
};

registry.category("fields").add("dex_dual_list", dexDualListField);
