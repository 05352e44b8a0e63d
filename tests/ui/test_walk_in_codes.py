"""The walk-in form's qualification field takes any code of the catalogue: it opens with the
event's code, however long, in full, and saves what it holds."""

from __future__ import annotations

from typing import Any

import pytest

from ui.walk_in_form import WalkInForm


@pytest.mark.parametrize("code", ["NPQSL", "NPQSENCO", "NPQLTD", "NPQ-NEW-LONGER-CODE"])
def test_any_qualification_code_shows_in_full_and_is_saved(qtbot: Any, code: str) -> None:
    form = WalkInForm()
    qtbot.addWidget(form)
    form.show()
    form.open_for(code, "Kowalska, Anna")
    field = form.qualification
    assert field.text() == code
    assert field.maximumWidth() >= field.fontMetrics().horizontalAdvance(code) + 20
    with qtbot.waitSignal(form.saved) as saved:
        form.school.setText("Harbour School")
        form.school.returnPressed.emit()
    assert saved.args[3] == code
