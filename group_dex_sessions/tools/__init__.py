from . import local_time
from . import integer_bounds
