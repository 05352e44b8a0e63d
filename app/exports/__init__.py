"""Spreadsheets made from the local store (``app.exports.attendance``: a group's
attendance as CSV or XLSX). No Qt here: the window calls them from a worker, the command
line directly."""
