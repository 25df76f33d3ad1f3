"""The command line: the Typer app, one module per command group, and the terminal asker.

The command modules deliberately leave out `from __future__ import annotations`: Typer reads
every command's signature on each run, and ready-made annotation objects spare it from
compiling and evaluating a few hundred annotation strings first.
"""
