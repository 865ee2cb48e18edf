"""Walks stretchapp's window through AT-SPI as a screen reader would, during a short routine.

Goes from page to page (library, the routine in the player, the cramp chooser, a relief,
the library, the history) and walks the tree after each change; prints the announcements
(and the phase changes they must follow). Exit 1 on a nameless focusable control, an
object (an item view's row too) that claims showing inside a hidden one, more than one
object that claims focus, or a phase change that was not announced.
Runs with the system Python, which has pyatspi (python3-pyatspi).
"""

from __future__ import annotations

import subprocess
import sys
import time

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

APP = "stretchapp"
AFTER_PHASE = 1.5  # seconds within which a phase change must be announced
SETTLE = 1.5  # seconds a page is given to settle before its tree is walked
APPEAR = 15.0  # seconds the window may take to appear on the bus

# The tour, one page at a time: (what to do, seconds to wait after it, then a walk). The
# window starts on the library with the check routine selected; Start is pressed through
# AT-SPI (its action), the rest are keys sent to the window with xdotool. The routine runs
# 6 + 3 + 2 + 3 s: its phase changes must each be announced.
TOUR: list[tuple[str, float, str]] = [
    ("library", 3.0, "stretchapp"),  # the window starts
    ("press Start", SETTLE, "Get ready"),  # the player: the routine
    ("wait", 15.0, ""),  # the routine runs to its end
    ("key c", SETTLE, "Cramp relief"),  # the cramp chooser
    ("key 1", SETTLE, "Hold"),  # the relief
    ("key Escape", SETTLE, "stretchapp"),  # the relief stopped (no question so early)
    ("press History", SETTLE, "History"),  # (H would type in the routine list's search)
]

# Qt 6.9's item-view rows (QAccessibleTableCell) claim showing while their view is hidden
# and focus whenever they are their view's current row: the window's lists (gui/rows.py)
# set both aside while hidden or closed, and a row that still claims either fails the
# check. The current row of a focused view claims focus with it (the view's active
# descendant, as in GTK): one focus. The current row of a shown view without focus still
# claims it; Orca follows focus events, which Qt sends for a row only when its view has
# focus, so such a row is listed ("stale") but not counted.
CELLS = {"table cell", "list item", "tree item"}
VIEWS = {"tree", "table", "list", "tree table"}


class Walk:
    """One walk of the tree: its problems and who claims focus."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.focused: list[str] = []  # objects that claim focus, a focused view's row aside
        self.stale: list[str] = []  # rows of a shown view without focus that claim it

    def visit(
        self, node: object, depth: int = 0, parent_showing: bool = True, view: bool = False
    ) -> None:
        """Check `node` and what is under it; `view`: the nearest item view claims focus."""
        try:
            states = node.getState()
            role = node.getRoleName()
            name = node.name or ""
        except Exception:
            return
        showing = states.contains(pyatspi.STATE_SHOWING)
        focused = states.contains(pyatspi.STATE_FOCUSED)
        claim = f"{role} {name[:40]!r}"
        if showing and not parent_showing and role != "application":
            self.problems.append(f"{claim} claims showing inside a hidden parent")
        if focused and role in CELLS and parent_showing and not view:
            self.stale.append(claim)
        elif focused and not (role in CELLS and view):
            self.focused.append(claim)
        if showing and states.contains(pyatspi.STATE_FOCUSABLE) and not name.strip():
            labelled = any(
                r.getRelationType() == pyatspi.RELATION_LABELLED_BY for r in node.getRelationSet()
            )
            if not labelled:
                self.problems.append(f"nameless focusable {role} at depth {depth}")
        view = (focused and showing) if role in VIEWS else view
        for i in range(node.childCount if depth < 40 else 0):
            child = node.getChildAtIndex(i)
            if child is not None:
                self.visit(child, depth + 1, showing or role == "application", view)


def walk(app: object) -> list[str]:
    """Problems of the application's tree: focusable, showing controls without a name; an
    object that claims showing under one that does not (a hidden page's widget, a closed
    pop-up's row); more than one object that claims focus."""
    found = Walk()
    found.visit(app)
    print(f"  focused: {'; '.join(found.focused) or '(nothing)'}")
    if found.stale:
        print(f"  stale (a row of a shown view without focus): {'; '.join(found.stale)}")
    if len(found.focused) > 1:
        found.problems.append(f"{len(found.focused)} objects claim focus: {found.focused}")
    return found.problems


def find_app() -> object | None:
    """The application's accessible on the desktop, once it has registered."""
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        child = desktop.getChildAtIndex(i)
        if child is not None and child.name == APP:
            return child
    return None


def title(app: object) -> str:
    """The window's title: which page the tree was walked on."""
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.getRoleName() == "frame":
            return str(child.name)
    return "(no window)"


def press(app: object, prefix: str) -> bool:
    """Do the action of the first showing push button whose name starts with `prefix`."""
    found = pyatspi.findDescendant(
        app,
        lambda n: (
            n.getRoleName() == "push button"
            and (n.name or "").startswith(prefix)
            and n.getState().contains(pyatspi.STATE_SHOWING)
        ),
    )
    if found is None:
        return False
    found.queryAction().doAction(0)
    return True


def act(app: object, step: str) -> str | None:
    """Carry out one step of the tour; a problem when it could not be done."""
    if step.startswith("press "):
        if not press(app, step.removeprefix("press ")):
            return f"no showing button {step.removeprefix('press ')!r} to press"
    elif step.startswith("key "):
        done = subprocess.run(["xdotool", "key", step.removeprefix("key ")], check=False)
        if done.returncode != 0:
            return f"xdotool could not send {step!r}"
    return None


def main() -> int:
    """Go through the tour, walking the tree after each page change; 0 when all is well."""
    start = time.monotonic()
    heard: list[tuple[float, str, str]] = []  # (when, kind, text)
    problems: list[str] = []
    walks = 0

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

    def step(index: int) -> bool:
        nonlocal walks
        app = find_app()
        if app is None and index == 0 and time.monotonic() - start < APPEAR:
            GLib.timeout_add(500, step, 0)  # a slow start (a busy machine): look again
            return False
        if app is None:
            problems.append("stretchapp never appeared on the AT-SPI bus")
            pyatspi.Registry.stop()
            return False
        what, _, page = TOUR[index]
        if what != "wait":
            shown = title(app)
            print(f"{time.monotonic() - start:5.1f} s  after {what}: {shown}")
            if not shown.startswith(page):
                problems.append(f"after {what}: {shown!r}, not {page!r}")
            found = walk(app)
            walks += 1
            problems.extend(f"{p} (after {what})" for p in found)
        if index + 1 == len(TOUR):
            pyatspi.Registry.stop()
            return False
        action, wait, _ = TOUR[index + 1]
        problem = act(app, action)
        if problem is not None:
            problems.append(problem)
        GLib.timeout_add(int(wait * 1000), step, index + 1)
        return False

    pyatspi.Registry.registerEventListener(
        on_event,
        "object:announcement",
        "object:state-changed:showing",
        "object:property-change:accessible-name",
    )
    # listening from before the window appears: its first words come with it
    GLib.timeout_add(int(TOUR[0][1] * 1000), step, 0)
    pyatspi.Registry.start()
    phases = [(t, text) for t, kind, text in heard if kind == "phase"]
    said = [(t, text) for t, kind, text in heard if kind == "announce"]
    print("What a screen reader was told:")
    for t, kind, text in heard:
        print(f"  {t:5.1f} s  {'(title)' if kind == 'phase' else 'said:  '} {text}")
    for t, title_text in phases:
        if not any(t - 0.5 <= s <= t + AFTER_PHASE for s, _ in said):
            problems.append(f"phase change not announced: {title_text}")
    if not said:
        problems.append("no announcement at all")
    for p in problems:
        print(f"a11y-check: {p}")
    print(
        f"a11y-check: {walks} pages walked, {len(said)} announcements, "
        f"{len(phases)} phase changes, {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
