"""People's names as the register and the printed sheet use them, with no Qt.

- ``fold``: the case- and accent-free form both orders and the search compare ("Ó Briain"
  -> "o briain", "Łukasz" -> "lukasz", "Weiß" -> "weiss", "Yılmaz" -> "yilmaz").
- ``paper_sort_key`` / ``register_sort_key``: the one order of a register, on paper and on
  screen (family name, then given name, folded; walk-ins after the roster on screen).
- ``matches``: whether what someone typed finds a person: any part of the given or the
  family name, "given family", "family given" or "family, given", accents, case,
  apostrophes and hyphens ignored ("oconnor" finds O'Connor, "smith jones" Smith-Jones).
- ``split_name`` / ``typed_name``: a name written in one piece as (given, family), for a
  walk-in shown "Family, Given" and for the walk-in form prefilled from a search.
"""

from __future__ import annotations

import unicodedata

# Letters NFKD does not take apart into a base letter and an accent.
_FOLD_EXTRA = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "ı": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l"})
_APOSTROPHES = str.maketrans("", "", "'’‘ʼ`′")
_SEPARATORS = str.maketrans({c: " " for c in "-‐‑‒–—―,.;/"})  # typed or written between parts
# Words that begin a family name written after the given name ("Seán Ó Briain", "Ludwig van
# der Berg", "Dafydd ap Rhys"), folded; and those of them written in small letters.
_PARTICLES = frozenset({"o", "ni", "nic", "mac", "mhic", "ui", "ua", "van", "von", "de",
                        "der", "den", "da", "di", "du", "del", "della", "la", "le", "ap",
                        "ab", "bin", "binti", "bint", "al", "el", "dos", "das", "ter", "ten",
                        "zu"})
_SMALL_PARTICLES = _PARTICLES - {"o", "ni", "nic", "mac", "mhic", "ui", "ua"}


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Ó Briain' -> 'o briain', 'Łukasz' -> 'lukasz'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def paper_sort_key(family_name: str, given_name: str, candidate_id: str) -> tuple[str, ...]:
    """The printed register's order: family, then given name, folded; the names as written
    and the id settle ties, so the order never depends on the order rows were read."""
    return (fold(family_name), fold(given_name), family_name, given_name, candidate_id)


def register_sort_key(family_name: str, given_name: str, row_id: str,
                      walk_in: bool = False) -> tuple[bool, tuple[str, ...]]:
    """The register's order on screen: the paper's, with walk-ins after the roster."""
    return walk_in, paper_sort_key(family_name, given_name, row_id)


def search_form(text: str) -> str:
    """Folded, apostrophes dropped, hyphens and commas as spaces, spaces single:
    "O'Neill-Wójcik, Siân" -> "oneill wojcik sian"."""
    return " ".join(fold(text).translate(_APOSTROPHES).translate(_SEPARATORS).split())


def matches(query: str, given_name: str, family_name: str) -> bool:
    """True when every word typed is part of the given or the family name, or what was
    typed, spaces aside, begins both written together ("seanob" finds Seán Ó Briain,
    "kowalskia" Anna Kowalski). Nothing typed matches everyone."""
    words = search_form(query).split()
    if not words:
        return True
    given = search_form(given_name).replace(" ", "")
    family = search_form(family_name).replace(" ", "")
    if all(word in given or word in family for word in words):
        return True
    typed = "".join(words)
    return (given + family).startswith(typed) or (family + given).startswith(typed)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a name written in one piece: "Family, Given" as written;
    otherwise the last word with any particles before it ("Seán Ó Briain" -> ("Seán",
    "Ó Briain")); a single word is a family name."""
    text = " ".join(name.split())
    if "," in text:
        family, _, given = text.partition(",")
        return given.strip(), family.strip()
    words = text.split(" ")
    start = len(words) - 1
    while start > 1 and search_form(words[start - 1]) in _PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def listed_name(given_name: str, family_name: str) -> str:
    """'Kaczmarek, Anna': the way a list sorted by family name is read."""
    if family_name and given_name:
        return f"{family_name}, {given_name}"
    return family_name or given_name


def typed_name(text: str) -> tuple[str, str]:
    """(given, family) from a search typed in a hurry, for the walk-in form: split as
    ``split_name`` does, and, when typed all in small letters, each word capitalised
    ("anna o'neill-wojcik" -> ("Anna", "O'Neill-Wojcik")) but for particles written small
    ("ludwig van der berg" -> ("Ludwig", "van der Berg"))."""
    given, family = split_name(text)
    if text != text.lower():
        return given, family  # capitals typed on purpose: kept as they are
    return (" ".join(_cap_word(w) for w in given.split()),
            " ".join(w if search_form(w) in _SMALL_PARTICLES else _cap_word(w)
                     for w in family.split()))


def _cap_word(word: str) -> str:
    out, start = [], True
    for ch in word:
        out.append(ch.upper() if start else ch)
        start = ch in "-'’"
    return "".join(out)
