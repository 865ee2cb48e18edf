"""The routine editor: the page, its draft and undo commands, the exercise picker, the files."""
