"""The window: routine library, player, cramp button and settings (app.py wires them)."""

from stretchapp.gui import source_scan

source_scan.stop()  # before the window's modules are imported: see source_scan.py
