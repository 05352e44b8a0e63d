"""A QA lead typing into a visit form until killed: ``python -m tests.faults.form_typist
STORE KEYRING FORM_ID``. After each save has returned (committed), prints its number."""

from __future__ import annotations

import sys
from pathlib import Path

import keyring

from app.clock import shared_clock
from app.forms.service import FormService
from app.store import Store
from tests.app.forms_data import QA_LEAD
from tests.faults.file_keyring import FileKeyring


def main() -> None:
    store_path, keyring_path, form_id = sys.argv[1:4]
    keyring.set_keyring(FileKeyring(Path(keyring_path)))
    store = Store.open(Path(store_path))
    forms = FormService(store, shared_clock(store), QA_LEAD)
    typed = ""
    for number in range(1, 100_000):
        typed += f" word{number}"
        forms.save_answer(form_id, "strengths", typed.strip())
        print(number, flush=True)


if __name__ == "__main__":
    main()
