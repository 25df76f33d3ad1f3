"""attachjournal: a private reflection journal about connection, rupture and repair."""

__version__ = "0.1.0"
