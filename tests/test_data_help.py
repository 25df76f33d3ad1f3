"""Every command of this part has help that says what it does, and --help stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from data_helpers import said

COMMANDS = {
    "export": "Export the journal as JSON, Markdown or CSV",
    "import": "entries already in the journal (same id) are skipped",
    "backup": "Safe while another attach is writing",
    "restore": "current journal is kept aside first",
    "edit": "asks each question again with my answers as defaults",
    "delete": "Older backups and exports still hold deleted text",
    "search": "newest first",
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_has_help(attach, command):
    result = attach(command, "--help")
    assert result.exit_code == 0, result.output
    assert COMMANDS[command].lower() in said(result.stdout).lower()


def test_redact_help_says_what_it_covers(attach):
    text = said(attach("export", "--help").stdout)
    assert "including where the name is written as a whole word in free text" in text
    assert "birth dates are left out" in text


def test_help_imports_no_storage_or_prompt_library():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from attachjournal.cli.app import app\n"
        "CliRunner().invoke(app, ['export', '--help'])\n"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'questionary', 'yaml') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
