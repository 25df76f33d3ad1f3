"""One module per command (or family of commands); cli.py puts them on the app."""
