"""Everything the app prints, as PDFs: the paper registers (the sign-in register and the
confidential facilitator sheet), evaluation reports, fee statements and QA forms.

No Qt here: everything runs on any thread (the UI runs batches on a worker).

- ``exporters``: one function per document giving its PDF as bytes, all called the same
  way, and ``write_pdf`` that writes any of them whole or not at all; the window and the
  command line both use them.
- ``model``: what a printed sheet says (``PaperRegister``, ``ConfidentialSheet``), read from
  the local store; its rows are in paper order, which a "transcribe from paper" screen reuses.
- ``codes``: row codes, the roster version, the sheet code and what the QR code holds.
- ``sign_in_sheet`` / ``confidential_sheet``: the PDFs (ReportLab, DejaVu Sans embedded).
- ``lookup``: from a scanned QR code or a typed sheet code back to the event and its rows.
- ``batch``: every register of a group or an intake, with progress and cancel.
- the command line is ``npq-desk print ...`` (``desk.print_command``).
- ``report_pdf`` / ``fee_pdf``: an evaluation report, a fee statement.
- ``form_pdf``: a QA visit record, coaching conversation or self-assessment as a PDF to
  send to the facilitator; ``form_story`` lays out its body and ``form_text`` words it.
"""
