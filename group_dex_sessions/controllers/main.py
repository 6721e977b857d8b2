import tempfile
import zipfile

from odoo import http
from odoo.http import request


class DexExtractController(http.Controller):
    @http.route(
        "/group_dex_sessions/extract/<int:extract_id>/files/<int:upload>",
        type="http",
        auth="user",
    )
    def download_upload(self, extract_id, upload):
        """The files one download wrote, zipped (written to disk, not memory)."""
        extract = request.env["dex.extract"].browse(extract_id).exists()
        if not extract:
            raise request.not_found()
        extract.check_access("read")  # the user's own rights decide, as in the UI
        files = extract.file_ids.filtered(lambda f: f.upload == upload).sorted("part")
        if not files:
            raise request.not_found()
        spool = tempfile.SpooledTemporaryFile(max_size=16 * 2**20)
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.writestr(file.name, file.attachment_id.raw)
        spool.seek(0)
        name = f"{extract.name.replace('/', '-')}_file-{upload}.zip"
        return http.Stream(
            type="data",
            data=spool.read(),
            mimetype="application/zip",
            as_attachment=True,
            download_name=name,
        ).get_response()
