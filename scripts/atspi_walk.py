#!/usr/bin/python3
"""Walk a running app's accessible tree through the real AT-SPI bus, as a screen reader
(Orca) does, and print what it finds as JSON. Runs under the SYSTEM Python, which has
python3-gi and the Atspi typelib (Debian: gir1.2-atspi-2.0); the project's venv has
neither. The environment must point at the session bus the app is on
(DBUS_SESSION_BUS_ADDRESS) and at its X display (DISPLAY), as tests/ui/atspi_bus.py sets.

  atspi_walk.py walk --pid PID           every showing object of the app's windows: role,
                                         name, description, states; and the counts of
                                         named/unnamed interactive (focusable + showing)
  atspi_walk.py walk --pid PID --all-tabs the same for each tab of the main window
  atspi_walk.py tab --pid PID [--presses N] [--shift]
                                         focus the first showing table's first cell, press
                                         Tab (Shift+Tab) N times, and report the focused
                                         object after each press
  atspi_walk.py flow --pid PID --keys l  from the first cell, press the keys (l, w,
                                         ctrl+n, escape) and report where focus lands and
                                         the walk of what is then showing
  atspi_walk.py key --pid PID --key p    focus the first showing table's first cell, press
                                         the key and report the bus events that follow
                                         (object:announcement, accessible-name changes)

--wait-rows first waits until a showing table has rows (the register has loaded).
Keys are generated through the registry (Atspi.generate_keyboard_event: XTest on X11)."""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import json
import sys
import time
from collections.abc import Callable
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

TAB, ISO_LEFT_TAB = 0xFF09, 0xFE20  # X keysyms; ISO_Left_Tab is Shift+Tab (Qt's Backtab)
MAX_OBJECTS = 4000
MAX_CHILDREN = 500  # a table's cells beyond this are not read ("truncated" says so)
MARK_EVENTS = ["object:announcement", "object:property-change:accessible-name",
               "object:property-change:accessible-description",
               "object:state-changed:focused", "object:text-changed"]


def children(obj: Atspi.Accessible) -> list[Atspi.Accessible]:
    """``obj``'s children (at most MAX_CHILDREN); one that went away meanwhile is left out
    (the app rebuilds a page while it loads)."""
    found: list[Atspi.Accessible] = []
    try:
        count = min(obj.get_child_count(), MAX_CHILDREN)
    except GLib.Error:
        return found
    for index in range(count):
        try:
            child = obj.get_child_at_index(index)
        except GLib.Error:
            continue
        if child is not None:
            found.append(child)
    return found


def has_state(obj: Atspi.Accessible, state: Atspi.StateType) -> bool:
    try:
        return bool(obj.get_state_set().contains(state))
    except GLib.Error:
        return False


def role_of(obj: Atspi.Accessible) -> Atspi.Role | None:
    try:
        return obj.get_role()
    except GLib.Error:
        return None


def windows(app: Atspi.Accessible) -> list[Atspi.Accessible]:
    """The app's showing windows, the active one first."""
    showing = [w for w in children(app) if has_state(w, Atspi.StateType.SHOWING)]
    return sorted(showing, key=lambda w: not has_state(w, Atspi.StateType.ACTIVE))


def find_app(pid: int, timeout: float) -> Atspi.Accessible:
    """The app with process ``pid`` on the bus, once one of its windows is showing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for app in children(Atspi.get_desktop(0)):
            try:
                if app.get_process_id() == pid and windows(app):
                    return app
            except GLib.Error:
                continue
        time.sleep(0.2)
    sys.exit(f"atspi_walk: no showing window of process {pid} on the bus in {timeout:.0f} s")


def states(obj: Atspi.Accessible) -> list[str]:
    state_set = obj.get_state_set()
    return [name for name, state in (
        ("focusable", Atspi.StateType.FOCUSABLE), ("showing", Atspi.StateType.SHOWING),
        ("focused", Atspi.StateType.FOCUSED), ("enabled", Atspi.StateType.ENABLED),
        ("selected", Atspi.StateType.SELECTED)) if state_set.contains(state)]


def describe(obj: Atspi.Accessible) -> dict[str, Any]:
    return {"role": obj.get_role_name(), "name": obj.get_name() or "",
            "description": obj.get_description() or "", "states": states(obj)}


def walk(app: Atspi.Accessible) -> dict[str, Any]:
    """Every showing object under the app's showing windows (a hidden subtree is skipped:
    a screen reader does not read it), each with its path of roles from the window; the
    interactive ones (focusable + showing) counted, the unnamed listed."""
    objects: list[dict[str, Any]] = []
    truncated = False

    def visit(obj: Atspi.Accessible, trail: str, window: str) -> None:
        nonlocal truncated
        if len(objects) >= MAX_OBJECTS:
            truncated = True
            return
        try:
            entry = describe(obj)
            if obj.get_child_count() > MAX_CHILDREN:
                truncated = True
        except GLib.Error:
            return
        if "showing" not in entry["states"]:
            return
        entry.update(window=window, path=trail)
        objects.append(entry)
        for child in children(obj):
            try:
                visit(child, f"{trail}/{child.get_role_name()}", window)
            except GLib.Error:
                continue

    for window in windows(app):
        visit(window, window.get_role_name(), window.get_name() or "")
    interactive = [o for o in objects if {"focusable", "showing"} <= set(o["states"])]
    unnamed = [o for o in interactive if not o["name"].strip()]
    return {"objects": objects, "truncated": truncated, "interactive": len(interactive),
            "named": len(interactive) - len(unnamed), "unnamed": unnamed}


def walk_tabs(app: Atspi.Accessible, settle: float) -> dict[str, Any]:
    """``walk`` on each page of the main window's tabs in turn (chosen through the tab
    list's Selection interface), then back to the first."""
    tabs = first(app, lambda o: role_of(o) == Atspi.Role.PAGE_TAB_LIST, breadth=True)
    if tabs is None:
        return {"tabs": {"(window)": walk(app)}}
    selection = tabs.get_selection_iface()
    pages: dict[str, Any] = {}
    for index, tab in enumerate(children(tabs)):  # the bar's scroll arrows are no page
        if role_of(tab) != Atspi.Role.PAGE_TAB:
            continue
        selection.select_child(index)
        time.sleep(settle)
        pages[tab.get_name() or f"tab {index + 1}"] = walk(app)
    selection.select_child(0)
    return {"tabs": pages}


def first(app: Atspi.Accessible, wanted: Callable[[Atspi.Accessible], bool], *,
          breadth: bool = False) -> Atspi.Accessible | None:
    """The first showing object that is ``wanted`` in the app's showing windows, depth
    first (or breadth first: the shallowest), never looking inside a table's cells."""
    for window in windows(app):
        queue = [window]
        while queue:
            obj = queue.pop(0)
            if not has_state(obj, Atspi.StateType.SHOWING):
                continue
            if wanted(obj):
                return obj
            inner = [] if role_of(obj) == Atspi.Role.TABLE_CELL else children(obj)
            queue = queue + inner if breadth else inner + queue
    return None


def first_table(app: Atspi.Accessible) -> Atspi.Accessible | None:
    return first(app, lambda o: role_of(o) == Atspi.Role.TABLE)


def first_cell(table: Atspi.Accessible) -> Atspi.Accessible | None:
    return next((c for c in children(table) if role_of(c) == Atspi.Role.TABLE_CELL), None)


def wait_for_rows(app: Atspi.Accessible, timeout: float) -> None:
    """Until the first showing table has a cell (the register has loaded), or exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        table = first_table(app)
        if table is not None and first_cell(table) is not None:
            time.sleep(0.5)  # the rest of the page settles
            return
        time.sleep(0.2)
    sys.exit(f"atspi_walk: no showing table with rows in {timeout:.0f} s")


class Events:
    """Bus events of the given kinds, collected while the main loop is pumped."""

    def __init__(self, kinds: list[str]) -> None:
        self.seen: list[dict[str, Any]] = []
        self.listener = Atspi.EventListener.new(self._on_event)
        for kind in kinds:
            self.listener.register(kind)

    def _on_event(self, event: Atspi.Event) -> None:
        entry: dict[str, Any] = {"type": event.type, "detail1": event.detail1}
        try:
            entry.update(describe(event.source))
            entry["in_table"] = in_table(event.source)
        except GLib.Error:
            pass
        if isinstance(event.any_data, str):
            entry["text"] = event.any_data
        self.seen.append(entry)

    def pump(self, seconds: float) -> None:
        context = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not context.iteration(False):
                time.sleep(0.01)


def in_table(obj: Atspi.Accessible | None) -> bool:
    for _ in range(40):
        if obj is None:
            return False
        if role_of(obj) in (Atspi.Role.TABLE, Atspi.Role.TREE_TABLE):
            return True
        obj = obj.get_parent()
    return False


def focus_first_cell(app: Atspi.Accessible) -> None:
    """The pointer over the first showing table (no window manager: keys go to the
    window under the pointer) and its first cell focused (Component.grab_focus)."""
    table = first_table(app)
    if table is None:
        sys.exit("atspi_walk: no showing table in the app")
    box = table.get_extents(Atspi.CoordType.SCREEN)
    Atspi.generate_mouse_event(box.x + box.width // 2, box.y + box.height // 2, "abs")
    activate_window_under_pointer()
    table.grab_focus()  # the table widget itself (its current cell takes the focus)
    cell = first_cell(table)
    if cell is not None:
        cell.grab_focus()


def activate_window_under_pointer() -> None:
    """Give the X input focus to the top-level window under the pointer, as a window
    manager does on a click: with no window manager (Xvfb) Qt's window is never active,
    so no widget has the focus and Qt sends no focus events on the bus. Plain Xlib through
    ctypes (libX11 is there wherever Qt's xcb platform runs)."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XQueryPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 7
    xlib.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int,
                                    ctypes.c_ulong]
    xlib.XRaiseWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(None)
    if not display:
        sys.exit("atspi_walk: cannot open the X display $DISPLAY")
    try:
        root, child = ctypes.c_ulong(), ctypes.c_ulong()
        numbers = [ctypes.c_int() for _ in range(4)]
        mask = ctypes.c_uint()
        xlib.XQueryPointer(display, xlib.XDefaultRootWindow(display), ctypes.byref(root),
                           ctypes.byref(child), *(ctypes.byref(n) for n in numbers),
                           ctypes.byref(mask))
        if child.value:
            xlib.XRaiseWindow(display, child.value)
            xlib.XSetInputFocus(display, child.value, 2, 0)  # RevertToParent, CurrentTime
        xlib.XSync(display, 0)
    finally:
        xlib.XCloseDisplay(display)


def press(keysym: int) -> None:
    """One key typed through the registry (it holds Shift for a keysym that needs it)."""
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)


ITEM_ROLES = (Atspi.Role.TABLE_CELL, Atspi.Role.LIST_ITEM, Atspi.Role.PAGE_TAB,
              Atspi.Role.TREE_ITEM, Atspi.Role.TABLE_COLUMN_HEADER)


def focused(events: Events, app: Atspi.Accessible) -> dict[str, Any] | None:
    """The object that has the focus: the last focus event's source if Qt sent one (it
    sends none when Tab moves between a table's cells), else ``holder_of_focus``."""
    gained = [e for e in events.seen if e["type"].endswith("focused") and e["detail1"] == 1]
    if gained:
        return {key: gained[-1].get(key) for key in ("role", "name", "in_table")}
    found = holder_of_focus(app)
    if found is None:
        return None
    return {"role": found.get_role_name(), "name": found.get_name() or "",
            "in_table": in_table(found)}


def holder_of_focus(app: Atspi.Accessible) -> Atspi.Accessible | None:
    """From the states alone: Qt says "focused" of a widget only while it has the focus,
    but of a view's item (a table cell, a list item, a tab) whenever it is its view's
    current one, focused or not. So a focused widget wins; failing one, a table cell (the
    table has the focus and that is its current cell); failing that, any focused item."""
    holders: list[Atspi.Accessible] = []

    def visit(obj: Atspi.Accessible) -> None:
        if not has_state(obj, Atspi.StateType.SHOWING):
            return
        if has_state(obj, Atspi.StateType.FOCUSED):
            holders.append(obj)
        if role_of(obj) not in ITEM_ROLES:
            for child in children(obj):
                visit(child)

    for window in windows(app):
        visit(window)
    for wanted in (lambda o: role_of(o) not in ITEM_ROLES,
                   lambda o: role_of(o) == Atspi.Role.TABLE_CELL, lambda o: True):
        found = next((o for o in holders if wanted(o)), None)
        if found is not None:
            return found
    return None


def tab_path(app: Atspi.Accessible, presses: int, shift: bool) -> dict[str, Any]:
    events = Events(["object:state-changed:focused"])
    focus_first_cell(app)
    events.pump(0.5)
    start = focused(events, app)
    path: list[dict[str, Any] | None] = []
    for _ in range(presses):
        events.seen.clear()
        press(ISO_LEFT_TAB if shift else TAB)
        events.pump(0.15)
        path.append(focused(events, app))
    return {"start": start, "path": path}


def key_events(app: Atspi.Accessible, key: str) -> dict[str, Any]:
    events = Events(MARK_EVENTS)
    focus_first_cell(app)
    events.pump(0.5)
    before = focused(events, app)
    events.seen.clear()
    press(ord(key))
    events.pump(1.5)
    return {"focused_before": before, "events": events.seen}


KEYSYMS = {"escape": 0xFF1B, "tab": TAB, "return": 0xFF0D, "down": 0xFF54, "up": 0xFF52}
MODIFIER_KEYCODES = {"ctrl": 37, "shift": 50, "alt": 64}  # Control_L, Shift_L, Alt_L in
# the X server's default (evdev) keymap, which Xvfb uses


def press_named(key: str) -> None:
    """``key`` as written on a command line: "l", "escape", "ctrl+n" (the modifier held
    down by its key code while the key is typed)."""
    *held, name = key.lower().split("+")
    for modifier in held:
        Atspi.generate_keyboard_event(MODIFIER_KEYCODES[modifier], None,
                                      Atspi.KeySynthType.PRESS)
    press(KEYSYMS.get(name, ord(name[0])))
    for modifier in reversed(held):
        Atspi.generate_keyboard_event(MODIFIER_KEYCODES[modifier], None,
                                      Atspi.KeySynthType.RELEASE)


def flow(app: Atspi.Accessible, keys: list[str], settle: float) -> dict[str, Any]:
    """A flow opened from the first table's first cell by ``keys`` (e.g. "l" for the late
    time, "w" for a walk-in): where focus lands, and the walk of what is then showing (its
    dialogs too); then Escape to leave it."""
    events = Events(["object:state-changed:focused"])
    focus_first_cell(app)
    events.pump(0.3)
    events.seen.clear()
    for key in keys:
        press_named(key)
        events.pump(0.2)
    events.pump(settle)
    walked = walk(app)
    return {"keys": keys, "focused": focused(events, app), **walked,
            "focused_states": [o for o in walked["objects"] if "focused" in o["states"]]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=("walk", "tab", "key", "flow"))
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--all-tabs", action="store_true",
                        help="walk each of the main window's tabs in turn")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="seconds to let a tab's page load before walking it")
    parser.add_argument("--wait-rows", action="store_true",
                        help="first wait until a showing table has rows (a register loaded)")
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--shift", action="store_true")
    parser.add_argument("--key", default="p")
    parser.add_argument("--keys", nargs="+", default=[],
                        help="flow: the keys that open it, e.g. l, w, ctrl+n")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args(argv)
    Atspi.init()
    app = find_app(args.pid, args.timeout)
    if args.wait_rows:
        wait_for_rows(app, args.timeout)
    if args.command == "walk":
        result = walk_tabs(app, args.settle) if args.all_tabs else walk(app)
    elif args.command == "tab":
        result = tab_path(app, args.presses, args.shift)
    elif args.command == "flow":
        result = flow(app, args.keys, args.settle)
    else:
        result = key_events(app, args.key)
    result["app"] = app.get_name()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
