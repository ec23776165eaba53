#!/usr/bin/env python3
"""A drag source for the end-to-end tests: a small undecorated GTK 3 window at X, Y that offers
FILE as text/uri-list when dragged (what a file manager offers). The test presses, moves and
releases the mouse with xdotool, so the app gets a real XDND drop, as from a file manager.

Usage: drag-source.py FILE X Y. Prints "ready" once the window is shown, "dropped" or
"cancelled" when the drag ends, then exits.
"""

import sys

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402


def main() -> None:
    path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    uri = GLib.filename_to_uri(path, None)
    window = Gtk.Window(title="pw-drag-source")
    window.set_decorated(False)
    window.set_default_size(120, 60)
    window.move(x, y)
    source = Gtk.EventBox()
    source.add(Gtk.Label(label="image file"))
    window.add(source)
    source.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    source.drag_source_add_uri_targets()

    def on_get(_widget, _context, data, _info, _time):
        data.set_uris([uri])

    def on_end(_widget, _context):
        print("ended", flush=True)
        GLib.timeout_add(200, Gtk.main_quit)

    def on_failed(_widget, _context, result):
        print(f"failed {int(result)}", flush=True)
        return False

    source.connect("drag-data-get", on_get)
    source.connect("drag-end", on_end)
    source.connect("drag-failed", on_failed)
    window.connect("destroy", Gtk.main_quit)
    window.show_all()

    def ready():
        print("ready", flush=True)
        return False

    GLib.timeout_add(300, ready)
    Gtk.main()


if __name__ == "__main__":
    main()
