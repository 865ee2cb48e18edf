"""The window's controllers, one job each; gui/root.py builds and wires them.

settings.py   the settings in use, the settings dialog, the theme, start on login
library.py    the routines: loaded, shown, loaded again when a file changes
history.py    the history store, opened at first use, and the history page
speech.py     the speech service: started with the first session, shut down at the end
sessions.py   routines and cramp relief on the session driver, shown in the player
reminders.py  the reminder checker, the tray icon, closing to the tray
"""
