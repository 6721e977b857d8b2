from odoo import api, fields, models, tools


class DexCode(models.Model):
    """One value of a DEX reference-data list used on clients (GenderCode, ...).

    The lists are loaded from the core's code CSVs; ``code_list`` is the CSV file
    stem, which is also the DEX element that carries the code.
    """

    _name = "dex.code"
    _inherit = ["dex.code.mixin"]
    _description = "DEX Reference Code"
    _order = "code_list, name, id"

    _sql_constraints = [
        (
            "code_unique",
            "unique(code_list, code)",
            "A code can appear only once in a DEX code list.",
        ),
    ]

    code_list = fields.Char(
        required=True,
        index=True,
        help="The DEX reference-data list (and XML element), e.g. GenderCode.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()  # _dex_code_id
        return records

    def write(self, vals):
        result = super().write(vals)
        if {"code_list", "code", "active"} & set(vals):
            self.env.registry.clear_cache()  # _dex_code_id
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _dex_code_id
        return result

    @api.model
    @tools.ormcache("code_list", "code")
    def _dex_code_id(self, code_list, code):
        # Defaults of every new contact read this: cache it rather than search per
        # create. Archived codes are not found, so a default falls back to empty.
        # sudo: reference data; every user creating a contact (portal sign-up
        # included) gets these defaults
        found = self.sudo().search([("code_list", "=", code_list), ("code", "=", code)])
        return found[:1].id or None

    @api.model
    def _dex_code(self, code_list, code):
        """The active code ``code`` of ``code_list``, or an empty recordset."""
        return self.browse(self._dex_code_id(code_list, code))
