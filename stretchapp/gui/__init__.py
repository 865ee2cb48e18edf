"""The window: routine library, player, cramp button and settings (app.py wires them)."""
