"""Evaluation reports: the list of reported events, one event's report with its charts,
and the group's trend (``ReportsView``; the main window wires it in)."""

from ui.reports.view import ReportsView

__all__ = ["ReportsView"]
