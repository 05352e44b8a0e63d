"""Spreadsheets made from the local store (``app.exports.attendance``: a group's
attendance as CSV or XLSX; ``app.exports.fee_statement``: the partner's fee statement as
XLSX, beside its CSV in ``app.fee_statement``). No Qt here: the window calls them from a
worker, the command line directly."""
