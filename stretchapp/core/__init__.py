"""The pure core: the routine model, the loader, the timeline, the session and its texts.

Plain Python. Nothing here imports Qt, pyttsx3, the shells or the services, and nothing
reads the clock: whoever owns the clock tells the core the time, and whoever knows the
places on disk passes them in.
"""
