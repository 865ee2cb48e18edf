"""Walks stretchapp's window through AT-SPI as a screen reader would, during a short routine.

Prints the announcements (and the phase changes they must follow), then checks the tree:
exit 1 on a nameless focusable control or a phase change that was not announced.
Runs with the system Python, which has pyatspi (python3-pyatspi).
"""

from __future__ import annotations

import sys
import time

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

APP = "stretchapp"
LISTEN = 30.0  # seconds: the window starts, the check routine runs 6 + 3 + 2 + 3 s
AFTER_PHASE = 1.5  # seconds within which a phase change must be announced


def find_app() -> object | None:
    """The application's accessible on the desktop, once it has registered."""
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name == APP:
            return child
    return None


# Qt 6.9's item-view rows (QAccessibleTableCell) claim showing while their view is hidden
# and the current row claims focus whether or not its view has it. The window's own lists
# (gui/rows.py RowsTree, RowsList) no longer do while hidden; a closed combo box's pop-up
# still does: a known fault, printed as such and not counted, so that a widget doing the
# same still fails the check
CELLS = {"table cell", "list item", "tree item"}
known: list[str] = []


def walk(
    node: object, depth: int = 0, parent_showing: bool = True, focused: list[str] | None = None
) -> list[str]:
    """Problems under `node`: focusable, showing controls without a name; an object that
    claims showing under one that does not (a hidden page's widget); more than one object
    other than an item view's row that claims focus (counted at the top)."""
    problems: list[str] = []
    top = focused is None
    focused = [] if focused is None else focused
    try:
        states = node.getState()
        role = node.getRoleName()
        name = node.name or ""
    except Exception:
        return problems
    showing = states.contains(pyatspi.STATE_SHOWING)
    if showing and not parent_showing and role != "application":
        claim = f"{role} {name[:40]!r} claims showing inside a hidden parent"
        (known if role in CELLS else problems).append(claim)
    if states.contains(pyatspi.STATE_FOCUSED):
        focused.append(f"{role} {name[:40]!r}")
    if showing and states.contains(pyatspi.STATE_FOCUSABLE) and not name.strip():
        labelled = any(
            r.getRelationType() == pyatspi.RELATION_LABELLED_BY for r in node.getRelationSet()
        )
        if not labelled:
            problems.append(f"nameless focusable {role} at depth {depth}")
    for i in range(node.childCount if depth < 40 else 0):
        child = node.getChildAtIndex(i)
        if child is not None:
            problems += walk(child, depth + 1, showing or role == "application", focused)
    if top:
        print("Focused: " + "; ".join(focused))
        widgets = [f for f in focused if f.split(" '")[0] not in CELLS]
        known.extend(f"{f} claims focus" for f in focused if f not in widgets)
        if known:
            print(f"a11y-check: known Qt fault, {len(known)} item-view rows: {known[0]}, ...")
        if len(widgets) > 1:
            problems.append(f"{len(widgets)} objects claim focus: {'; '.join(widgets)}")
    return problems


def main() -> int:
    """Listen through a short routine, then walk the tree; 0 when all is well."""
    start = time.monotonic()
    heard: list[tuple[float, str, str]] = []  # (when, kind, text)

    def on_event(event: object) -> None:
        when = time.monotonic() - start
        if event.type.startswith("object:announcement"):
            heard.append((when, "announce", str(event.any_data)))
        elif event.type.startswith("object:state-changed:showing"):
            # how the window announces over AT-SPI: a notification that shows (Orca 43
            # speaks that, not object:announcement)
            if event.detail1 and event.source.getRole() == pyatspi.ROLE_NOTIFICATION:
                heard.append((when, "announce", event.source.name or ""))
        elif event.source is not None and event.source.getRoleName() == "frame":
            title = str(event.any_data or event.source.name)
            if " — " in title and not title.startswith(("History", "Cramp relief")):
                heard.append((when, "phase", title))

    pyatspi.Registry.registerEventListener(
        on_event,
        "object:announcement",
        "object:state-changed:showing",
        "object:property-change:accessible-name",
    )
    # listening from before the window appears: its first words come with it
    GLib.timeout_add(int(LISTEN * 1000), lambda: pyatspi.Registry.stop() or False)
    pyatspi.Registry.start()
    app = find_app()
    if app is None:
        print("a11y-check: stretchapp never appeared on the AT-SPI bus")
        return 1
    problems = walk(app)
    phases = [(t, text) for t, kind, text in heard if kind == "phase"]
    said = [(t, text) for t, kind, text in heard if kind == "announce"]
    print("What a screen reader was told:")
    for t, kind, text in heard:
        print(f"  {t:5.1f} s  {'(title)' if kind == 'phase' else 'said:  '} {text}")
    for t, title in phases:
        if not any(t - 0.5 <= s <= t + AFTER_PHASE for s, _ in said):
            problems.append(f"phase change not announced: {title}")
    if not said:
        problems.append("no announcement at all")
    for p in problems:
        print(f"a11y-check: {p}")
    print(
        f"a11y-check: {len(said)} announcements, {len(phases)} phase changes, "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
