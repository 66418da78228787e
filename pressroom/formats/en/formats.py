"""How dates and times read in English everywhere Django formats them for us (the admin's
read-only fields, lists and date filters): "1 Sep 2025 10:00 HKT", the house format, the same
as the newsroom, the emails and the reports."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i T"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i T"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
