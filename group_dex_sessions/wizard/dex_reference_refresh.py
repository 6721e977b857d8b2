import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core import reference
from ..core.reference import ReferenceDataError, StoredCode
from ..models.dex_score_domain import CORE_APPLIES_TO

# what a list of the reference data is kept in, besides dex.code
LIST_MODELS = {
    "ExtraItemCode": "dex.extra.item",
    reference.SCORE_DOMAINS: "dex.score.domain",
    reference.SCORE_CODES: "dex.score.code",
}
# the SCORE For value of an ApplicableFor; any other one is a session's
APPLIES_TO = {core: value for value, core in CORE_APPLIES_TO.items()}


class DexReferenceRefresh(models.TransientModel):
    """Bring the DEX code lists in line with the reference-data file of the portal.

    Codes the file adds are created, changed descriptions and order are
    updated, codes it no longer has are archived (never deleted: records keep
    them, and the next extract warns about them). A list the file does not
    carry is left alone. The CSVs of the addon stay what a new database starts
    from; the records a refresh changed are no longer overwritten by an upgrade.
    """

    _name = "dex.reference.refresh"
    _description = "Refresh DEX Code Lists"

    data_file = fields.Binary(
        string="Reference Data File",
        help="DEXReferenceData.xml, downloaded from the DEX portal (Reference data).",
    )
    file_name = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("done", "Done")], default="upload", required=True
    )
    line_ids = fields.One2many(
        "dex.reference.refresh.line", "refresh_id", string="Summary", readonly=True
    )
    added_count = fields.Integer(compute="_compute_counts")
    changed_count = fields.Integer(compute="_compute_counts")
    archived_count = fields.Integer(compute="_compute_counts")

    @api.depends("line_ids")
    def _compute_counts(self):
        for wizard in self:
            wizard.added_count = sum(wizard.line_ids.mapped("added_count"))
            wizard.changed_count = sum(wizard.line_ids.mapped("changed_count"))
            wizard.archived_count = sum(wizard.line_ids.mapped("archived_count"))

    def action_refresh(self):
        """Read the file, apply it to the code lists and show what changed."""
        self.ensure_one()
        data = self._read_file()
        self.line_ids.unlink()
        self.env["dex.reference.refresh.line"].create(
            [dict(vals, refresh_id=self.id) for vals in self._apply(data)]
        )
        self.state = "done"
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refresh DEX Code Lists"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _read_file(self):
        if not self.data_file:
            raise UserError(self.env._("Choose the reference-data file first."))
        try:
            raw = base64.b64decode(self.data_file, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        try:
            return reference.parse_reference(raw)
        except ReferenceDataError as error:
            where = (
                self.env._("line %(line)s", line=error.line) if error.line else False
            )
            raise UserError(
                self.env._(
                    "%(file)s was refused and nothing changed: %(where)s%(reason)s.",
                    file=self.file_name or self.env._("The file"),
                    where=f"{where}: " if where else "",
                    reason=error.reason,
                )
            ) from error

    # ---------------------------------------------------------------- apply

    def _apply(self, data):
        """Apply ``data`` list by list; the summary lines' values."""
        code_lists = self._code_lists()
        lines = []
        ordered = sorted(
            data.lists,
            key=lambda name: (name in LIST_MODELS, name == reference.SCORE_CODES),
        )
        for name in ordered:
            model = LIST_MODELS.get(name) or (
                "dex.code" if name in code_lists else None
            )
            if model is None:
                lines.append(self._ignored(data.code_type(name), name, False))
                continue
            current = self._stored(model, name)
            plan = reference.plan_refresh({name: current}, data)[name]
            self._write_plan(model, name, plan)
            codes = {
                "added_codes": _codes(item.code for item in plan.added),
                "changed_codes": _codes(item.code for item in plan.changed),
                "archived_codes": _codes(plan.archived),
            }
            lines.append(
                {
                    "code_type": data.code_type(name),
                    "code_list": name,
                    "added_count": len(plan.added),
                    "changed_count": len(plan.changed),
                    "archived_count": len(plan.archived),
                    "detail": self._detail(**codes),
                    **codes,
                }
            )
        lines += [self._ignored(code_type, False, True) for code_type in data.unknown]
        return lines

    def _detail(self, added_codes, changed_codes, archived_codes):
        parts = []
        if added_codes:
            parts.append(self.env._("added %(codes)s", codes=added_codes))
        if changed_codes:
            parts.append(self.env._("changed %(codes)s", codes=changed_codes))
        if archived_codes:
            parts.append(self.env._("archived %(codes)s", codes=archived_codes))
        return "; ".join(parts)

    def _ignored(self, code_type, name, unknown):
        return {
            "code_type": code_type,
            "code_list": name,
            "ignored": True,
            "detail": self.env._("Ignored: a code type this addon does not know.")
            if unknown
            else self.env._("Ignored: this addon does not use these codes."),
        }

    def _code_lists(self):
        """The lists dex.code keeps (those it was loaded with, and any added)."""
        groups = (
            self.env["dex.code"]
            .with_context(active_test=False)
            ._read_group([], ["code_list"])
        )
        return {code_list for (code_list,) in groups}

    def _records(self, model, name):
        records = self.env[model].with_context(active_test=False, lang="en_US")
        if model == "dex.code":
            return records.search([("code_list", "=", name)])
        return records.search([])

    def _stored(self, model, name):
        stored = {}
        for record in self._records(model, name):
            extra = {}
            if model == "dex.score.domain":
                extra = {
                    "score_type": record.score_type_id.code,
                    "applies_to": CORE_APPLIES_TO[record.applies_to],
                }
            elif model == "dex.score.code":
                extra = {
                    "domain": record.domain_id.code,
                    "score_type": record.domain_id.score_type_id.code,
                    "applies_to": CORE_APPLIES_TO[record.domain_id.applies_to],
                }
            stored[record.code] = StoredCode(
                record.name, record.sequence, record.active, **extra
            )
        return stored

    def _item_vals(self, model, item):
        vals = {"name": item.description, "sequence": item.order, "active": True}
        if model == "dex.score.domain":
            vals["score_type_id"] = self._score_type(item.score_type).id
            vals["applies_to"] = APPLIES_TO.get(item.applies_to, "session")
        elif model == "dex.score.code":
            vals["domain_id"] = self._domain(item.domain).id
            vals["score"] = item.score
        return vals

    def _score_type(self, code):
        found = (
            self.env["dex.code"]
            .with_context(active_test=False)
            .search([("code_list", "=", "ScoreTypeCode"), ("code", "=", code)], limit=1)
        )
        if not found:
            raise UserError(
                self.env._(
                    "The file scores the type %(code)s, which its ScoreType list "
                    "does not have.",
                    code=code,
                )
            )
        return found

    def _domain(self, code):
        return (
            self.env["dex.score.domain"]
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
        )

    def _write_plan(self, model, name, plan):
        if not plan:
            return
        records = self._records(model, name)
        by_code = {record.code: record for record in records}
        create = []
        for item in plan.added:
            vals = dict(self._item_vals(model, item), code=item.code)
            if model == "dex.code":
                vals["code_list"] = name
            create.append(vals)
        changed = records.browse()
        for item in plan.changed:
            record = by_code[item.code]
            record.write(self._item_vals(model, item))
            changed |= record
        archived = records.browse([by_code[code].id for code in plan.archived])
        archived.write({"active": False})
        records.create(create)
        self._keep_on_upgrade(changed | archived)

    def _keep_on_upgrade(self, records):
        """Refreshed records are the portal's now: an upgrade of the addon must
        not put the CSV's older values back."""
        if not records:
            return
        # sudo: the refresh keeps its own data records; managers do not edit
        # ir.model.data
        self.env["ir.model.data"].sudo().search(
            [
                ("module", "=", "group_dex_sessions"),
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
            ]
        ).write({"noupdate": True})


def _codes(codes, most=40):
    codes = list(codes)
    shown = ", ".join(codes[:most])
    return f"{shown}, ..." if len(codes) > most else shown
