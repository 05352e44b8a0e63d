"""How the register says that someone is at risk: the mark beside the name and its words.

Shared by the register's model (which shows them) and ``ui.register_risks`` (which reads
who is at risk), so neither imports the other for them.
"""

from __future__ import annotations

from ui.i18n import translate

RISK_MARK = "⚑"  # beside the name of someone at risk (the reason in its tooltip)


def risk_text(reason: str) -> str:
    """'At risk: Missed the last 2 events running', as a name's tooltip and a screen reader
    say it."""
    return translate("RegisterModel", "At risk: {reason}").format(reason=reason)
