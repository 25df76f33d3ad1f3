"""The `attach` commands, one module per command family.

These modules deliberately leave out `from __future__ import annotations`: Typer reads every
command's signature on each run, and ready-made annotation objects spare it from compiling
and evaluating a few hundred annotation strings first.
"""
