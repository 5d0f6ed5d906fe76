"""Pausing the cyclic garbage collector for bulk work (wpskg.bulk)."""

from __future__ import annotations

import gc

import pytest

from wpskg.bulk import freeze_loaded, paused_gc


def test_the_collector_is_paused_inside_and_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("stop")
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_pause_in_force() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_frozen_objects_are_left_out_of_collections() -> None:
    class Node:
        pass

    cycle = Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    try:
        assert freeze_loaded() >= 1
        tracked = {id(o) for o in gc.get_objects()}  # the collector's generations, frozen ones left out
        assert id(cycle) not in tracked
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert id(cycle) in {id(o) for o in gc.get_objects()}
