"""Pure DEX core: no Odoo import anywhere below this package.

Everything here works on plain Python data and may import only the standard
library, lxml and python-dateutil, so it can be tested with plain pytest.
"""
