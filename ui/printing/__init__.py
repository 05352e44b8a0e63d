"""Printing registers from the app: preview, print, save as PDF, batch, and transcribing a
paper register back in. The PDFs themselves come from ``app.printing``."""
