"""Names as the register and the paper use them: folding, matching what was typed, splitting
a name written in one piece, and the one order of both."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.names import (
    fold,
    listed_name,
    matches,
    paper_sort_key,
    register_sort_key,
    split_name,
    typed_name,
)


@pytest.mark.parametrize(("written", "folded"), [
    ("Ó Briain", "o briain"), ("Łukasz", "lukasz"), ("ŁUKASZ", "lukasz"), ("Weiß", "weiss"),
    ("Yılmaz", "yilmaz"), ("İnce", "ince"), ("Ødegaard", "odegaard"), ("Æsa", "aesa"),
    ("Œuvre", "oeuvre"), ("Đorđević", "dordevic"), ("Þórdís", "thordis"), ("Ŵyn", "wyn"),
    ("Ŷmlaen", "ymlaen"), ("Siân", "sian"), ("Nguyễn", "nguyen"), ("Zoë", "zoe"),
])
def test_fold_takes_case_and_accents_away_even_from_letters_without_a_decomposition(
        written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize(("typed", "given_name", "family_name"), [
    ("wojc", "Piotr", "Wójcik"), ("WÓJC", "Piotr", "Wójcik"), ("kovacs", "Zsófia", "Kovács"),
    ("jcik", "Piotr", "Wójcik"), ("oconnor", "Ciarán", "O'Connor"),
    ("o’connor", "Ciarán", "O'Connor"), ("o connor", "Ciarán", "O'Connor"),
    ("o'brian", "Aoife", "Ó Brian"), ("obrian", "Aoife", "Ó Brian"),
    ("smith jones", "Gwen", "Smith-Jones"), ("smith–jones", "Gwen", "Smith-Jones"),
    ("jean luc", "Jean-Luc", "Picard"), ("sean evans", "Seán", "Evans"),
    ("evans sean", "Seán", "Evans"), ("evans, sean", "Seán", "Evans"),
    ("evans,sean", "Seán", "Evans"), ("seanev", "Seán", "Evans"), ("", "Anyone", "At All"),
    ("   ", "Anyone", "At All"),
])
def test_what_was_typed_finds_the_person(typed: str, given_name: str,
                                         family_name: str) -> None:
    assert matches(typed, given_name, family_name)


@pytest.mark.parametrize(("typed", "given_name", "family_name"), [
    ("kacz", "Anna", "Kowalski"), ("anbr", "Sean", "Brown"), ("evans, tom", "Seán", "Evans"),
    ("wojcikk", "Piotr", "Wójcik"), ("o'connell", "Ciarán", "O'Connor"),
])
def test_what_was_typed_does_not_find_someone_else(typed: str, given_name: str,
                                                   family_name: str) -> None:
    assert not matches(typed, given_name, family_name)


@pytest.mark.parametrize(("written", "parts"), [
    ("Seán Ó Briain", ("Seán", "Ó Briain")), ("Aoife Ní Bhriain", ("Aoife", "Ní Bhriain")),
    ("Ludwig van der Berg", ("Ludwig", "van der Berg")), ("Dafydd ap Rhys", ("Dafydd", "ap Rhys")),
    ("Mary Ann Smith", ("Mary Ann", "Smith")), ("Gwen Smith-Jones", ("Gwen", "Smith-Jones")),
    ("Anna O'Neill", ("Anna", "O'Neill")), ("García López, José María", ("José María",
                                                                         "García López")),
    ("  Kowalska ,  Anna ", ("Anna", "Kowalska")), ("Kacz", ("", "Kacz")), ("", ("", "")),
    ("Van Morrison", ("Van", "Morrison")),  # a particle first is a given name
])
def test_a_name_written_in_one_piece_is_split_into_given_and_family(
        written: str, parts: tuple[str, str]) -> None:
    assert split_name(written) == parts


@pytest.mark.parametrize(("typed", "parts"), [
    ("anna o'neill-wojcik", ("Anna", "O'Neill-Wojcik")), ("kowalska, anna", ("Anna", "Kowalska")),
    ("ludwig van der berg", ("Ludwig", "van der Berg")), ("seán ó briain", ("Seán", "Ó Briain")),
    ("kacz", ("", "Kacz")), ("McDonald, Ailsa", ("Ailsa", "McDonald")),  # capitals kept
    ("mcdonald", ("", "Mcdonald")),
])
def test_a_search_typed_in_a_hurry_becomes_the_walk_in_forms_two_parts(
        typed: str, parts: tuple[str, str]) -> None:
    assert typed_name(typed) == parts


NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzÁÉÍÓÚáéíóúŁłØøßıŴŵŶŷâ'-"
names = st.text(alphabet=NAME_LETTERS, min_size=1, max_size=12).filter(
    lambda n: any(c.isalpha() for c in n))


@given(given_name=names, family_name=names)
def test_the_person_is_found_by_their_names_typed_any_of_the_ways_people_type_them(
        given_name: str, family_name: str) -> None:
    for typed in (given_name, family_name, f"{given_name} {family_name}",
                  f"{family_name} {given_name}", f"{family_name}, {given_name}",
                  fold(family_name), family_name.upper()):
        assert matches(typed, given_name, family_name), typed


@given(given_name=names, family_name=names)
def test_a_name_listed_family_first_splits_back_into_its_parts(given_name: str,
                                                               family_name: str) -> None:
    assert split_name(listed_name(given_name, family_name)) == (given_name, family_name)


@given(st.lists(st.tuples(names, names, st.uuids().map(str)), max_size=20))
def test_the_screen_orders_the_roster_exactly_as_the_paper(
        people: list[tuple[str, str, str]]) -> None:
    paper = sorted(people, key=lambda p: paper_sort_key(p[1], p[0], p[2]))
    screen = sorted(people, key=lambda p: register_sort_key(p[1], p[0], p[2]))
    assert screen == paper
