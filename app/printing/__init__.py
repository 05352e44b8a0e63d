"""Paper registers: the sign-in register and the confidential facilitator sheet as PDFs.

No Qt here: everything runs on any thread (the UI runs batches on a worker).

- ``model``: what a printed sheet says (``PaperRegister``, ``ConfidentialSheet``), read from
  the local store; its rows are in paper order, which a "transcribe from paper" screen reuses.
- ``codes``: row codes, the roster version, the sheet code and what the QR code holds.
- ``sign_in_sheet`` / ``confidential_sheet``: the PDFs (ReportLab, DejaVu Sans embedded).
- ``lookup``: from a scanned QR code or a typed sheet code back to the event and its rows.
- ``batch``: every register of a group or an intake, with progress and cancel; PDF bytes
  of one register for a print preview.
- the command line is ``npq-desk print ...`` (``desk.print_command``).
- ``form_pdf``: a QA visit record, coaching conversation or self-assessment as a PDF to
  send to the facilitator (``export_form``, ``form_pdf_bytes``); ``form_story`` lays out
  its body and ``form_text`` words it.
"""
