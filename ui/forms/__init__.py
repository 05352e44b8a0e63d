"""The QA forms in the window: an editor generated from a form's template, saved as typed.

- ``fields``: one input per question kind (rating, text, yes/no, date).
- ``header``: the fields above the questions, per kind (visit, conversation, self-assessment).
- ``autosave``: every change goes to the write lane within 250 ms, and at once on leaving a
  field or closing the editor.
- ``editor``: the whole form; submit, read-only view, revision, PDF export, template move.
- ``pages``: the tabs a QA lead or a facilitator gets (workspace, "My development", one tab
  per open form).
"""
