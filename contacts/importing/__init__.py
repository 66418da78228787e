"""The contact and outlet import, one module per job: `reading` (a CSV or XLSX file as rows of
text, refusing what is not a spreadsheet), `columns` (which column is which field), `report`
(what the officer reads afterwards), `references` (the beats and lists a file names),
`outlets` (outlets a file names, and the outlet import) and `contacts` (the contact import).
`contacts/services.py` drives them for the import pages and jobs.

Fast because it works in bulk, forgiving because a bad row is reported with its row number and
reason while the good rows go in, safe because rows are matched by normalised email or name
only (see `contacts.importing.contacts`)."""

from contacts.importing.columns import ImportRefused, match_columns
from contacts.importing.contacts import import_contacts_table
from contacts.importing.outlets import OUTLET_NAME_COLUMNS, import_outlets_table
from contacts.importing.reading import Table, UnreadableFile, read_header, read_table

__all__ = [
    "OUTLET_NAME_COLUMNS",
    "ImportRefused",
    "Table",
    "UnreadableFile",
    "import_contacts_table",
    "import_outlets_table",
    "match_columns",
    "read_header",
    "read_table",
]
