from lxml import etree

from odoo import fields, models

# what the <dex_timeline> root node may carry
TIMELINE_ATTRIBUTES = {
    "__validate__",
    "string",
    "js_class",
    "create",
    "scale",
    "hour_start",
    "hour_end",
}


class IrUiView(models.Model):
    _inherit = "ir.ui.view"

    type = fields.Selection(selection_add=[("dex_timeline", "Workers")])

    def _get_view_info(self):
        return {"dex_timeline": {"icon": "fa fa-tasks"}} | super()._get_view_info()

    def _validate_tag_dex_timeline(self, node, name_manager, node_info):
        if not node_info["validate"]:
            return
        unknown = set(node.attrib) - TIMELINE_ATTRIBUTES
        if unknown:
            self._raise_view_error(
                self.env._(
                    "The worker timeline does not know the attributes %(unknown)s; "
                    "it takes %(known)s.",
                    unknown=", ".join(sorted(unknown)),
                    known=", ".join(sorted(TIMELINE_ATTRIBUTES - {"__validate__"})),
                ),
                node,
            )
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                self._raise_view_error(
                    self.env._(
                        "The worker timeline holds only <field> nodes, not <%(tag)s>.",
                        tag=child.tag,
                    ),
                    child,
                )
