"""What the library's detail pane says of a routine's steps."""

from __future__ import annotations

from stretchapp import resources
from stretchapp.core.timeline import compile_routine
from stretchapp.gui.library_text import step_rows


def test_each_step_says_its_legs_as_the_player_does() -> None:
    library = resources.load_default_library()
    rows = step_rows(compile_routine(library.routines["hold-sequence"]), library.exercises)
    legs = {row.name: row.what.split(", ")[1:] for row in rows}
    assert legs["Calf lunge"] == ["each leg"]
    # the wall lean works both legs at once: the player says "Both legs", and so does this
    assert legs["Wall lean"] == ["both legs"]


def test_a_relief_for_the_cramped_leg_names_no_legs() -> None:
    library = resources.load_default_library()
    rows = step_rows(compile_routine(library.routines["relief-calf"]), library.exercises)
    assert rows
    assert not any("leg" in row.what for row in rows)
