"""`attach review --html` and `attach patterns --html`: one private, self-contained page."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

HOSTILE = (
    '</p><script>alert(1)</script><img src="http://example.org/x.png"> [bold]x[/bold] \x1b[31m'
)


def _day(offset: int, clock: str) -> str:
    day = datetime.now().date() - timedelta(days=offset)
    return f"{day.isoformat()}T{clock}"


@pytest.fixture
def journal(attach):
    assert attach("people", "add", "<Maya>", "--role", "child").exit_code == 0
    for offset, level in ((3, 2), (2, 4), (1, 1)):
        result = attach(
            "reflect", "-a", f"resourced={level}", "-a", "mood=3", "-a", "serve_return=lots",
            "-a", "echo=yes", "--answers", "-", "--at", _day(offset, "20:00"), "--no-input",
            input=json.dumps({"echo_note": HOSTILE}),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    result = attach(
        "repair", "--new", "-a", "who=<maya>", "-a", "intensity=3", "-a", "context=rushing",
        "--answers", "-", "--at", _day(2, "08:00"), "--repaired-at", _day(2, "09:00"),
        "-a", "moves=named", "-a", "connected=4", "--no-input",
        input=json.dumps({"what": HOSTILE}),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return attach


@pytest.mark.parametrize("command", ["review", "patterns"])
def test_page_is_private_self_contained_and_escaped(journal, tmp_path, command):
    page = tmp_path / f"{command}.html"
    result = journal(command, "--html", str(page))
    assert result.exit_code == 0, result.output
    assert "Wrote the page" in result.stdout
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") >= 3
    # Nothing from outside: no scripts, no external resources, a policy that forbids them.
    assert "<script" not in html
    assert "default-src 'none'" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;Maya&gt;" in html
    assert "<Maya>" not in html
    assert "\x1b" not in html
    assert "\\x1b[31m" in html


def test_html_replaces_an_existing_file_and_tightens_it(journal, tmp_path):
    page = tmp_path / "week.html"
    page.write_text("PREVIOUS CONTENT")
    page.chmod(0o644)
    assert journal("review", "--html", str(page)).exit_code == 0
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    assert "PREVIOUS CONTENT" not in page.read_text()


def test_html_to_a_folder_is_a_usage_error(journal, tmp_path):
    result = journal("patterns", "--html", str(tmp_path))
    assert result.exit_code == 2
    assert "folder" in result.stderr


def test_html_with_json_prints_only_json(journal, tmp_path):
    page = tmp_path / "p.html"
    result = journal("patterns", "--html", str(page), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rupture_count"] == 1
    assert page.exists()


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _chromium()


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed here (apt-get install chromium); .ci/run installs it",
)
@pytest.mark.parametrize("command", ["review", "patterns"])
def test_page_renders_in_headless_chromium_without_console_errors(journal, tmp_path, command):
    page = tmp_path / f"{command}.html"
    assert journal(command, "--html", str(page)).exit_code == 0
    assert CHROMIUM is not None
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    # The browser parsed the charts as SVG elements with their bars and cells.
    assert dom.count('<svg class="chart') >= 3
    assert "<rect" in dom
    assert "&lt;script&gt;" in dom
    console = [
        line
        for line in proc.stderr.splitlines()
        if "CONSOLE" in line or "Refused to" in line or "Uncaught" in line
    ]
    assert console == []


def test_chromium_console_check_catches_an_error(tmp_path):
    """The check above can fail: a page with a blocked script shows up in the log."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'\"></head><body><script>console.error('x')</script>"
        "</body></html>"
    )
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert any("CONSOLE" in line or "Refused to" in line for line in proc.stderr.splitlines())
