# The pure DEX core is importable everywhere (``import group_dex_sessions.core``);
# the ORM layer exists only when Odoo loads the addon as
# ``odoo.addons.group_dex_sessions``.
from . import core

if __name__.startswith("odoo.addons."):
    from . import controllers
    from . import models
    from . import wizard
