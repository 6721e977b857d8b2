from . import test_partner_identifier
from . import test_security
from . import test_session
from . import test_session_wizard
from . import test_recurrence
from . import test_roster
from . import test_cancel
from . import test_ui
