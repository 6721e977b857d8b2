from . import dex_session_create_service
from . import dex_session_create
from . import dex_session_cancel
from . import dex_session_reopen
from . import dex_service_delivery_void
from . import dex_reference_refresh
from . import dex_reference_refresh_line
