"""Large id and key lists as one PostgreSQL array literal each.

psycopg2 sends a Python list as ``ARRAY[1, 2, ...]``: one expression per
element for the server to parse and fold, about a second for the 500,000 ids
a file marks. One literal (``'{1,2,...}'``, cast with ``::int[]`` or
``::varchar[]``) is parsed at once.
"""


def pg_int_array(ids):
    """Integers as an array literal, for ``%s::int[]``."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def pg_text_array(values):
    """Strings as an array literal, for ``%s::varchar[]``: each element quoted,
    its backslashes and double quotes escaped, so any text comes back as it was."""
    return (
        "{"
        + ",".join(
            '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for value in values
        )
        + "}"
    )
