from . import local_time
