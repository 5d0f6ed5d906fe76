"""Slots are found with any spacing, only for their own variable, and filled everywhere they stand."""

from __future__ import annotations

from wpskg import slots


def test_a_slot_is_found_with_any_spacing_and_only_for_its_variable() -> None:
    text = "SELECT * WHERE { VALUES  ?plan{UNDEF} VALUES ?planCountry { UNDEF }\n VALUES ?p {\n UNDEF\n} }"
    assert slots.has(text, "plan") and slots.has(text, "planCountry") and slots.has(text, "p")
    assert not slots.has(text, "pla") and not slots.has(text, "country")


def test_every_slot_of_a_variable_is_filled_and_no_other() -> None:
    text = "{ VALUES ?f { UNDEF } } { VALUES ?f { UNDEF } VALUES ?g { UNDEF } }"
    filled = slots.fill(text, "f", ["<https://example.org/a>"])
    assert filled.count("VALUES ?f { <https://example.org/a> }") == 2
    assert "VALUES ?g { UNDEF }" in filled and not slots.has(filled, "f")
