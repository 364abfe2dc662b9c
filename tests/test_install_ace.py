""".ci/install-ace puts DAISY Ace where tests/test_ace.py looks, and never fails CI itself.

The script is run with stand-ins for ``npm``, ``node`` and ``chromium`` on PATH (small shell
scripts), so these tests need no network and no Node: they check the script's own logic.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from test_ace import ace_home

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / ".ci" / "install-ace"

# An npm that "installs" a package the way npm lays it out: its package.json and a .bin link.
FAKE_NPM = """\
#!/bin/sh
echo "$@" >> "$NPM_CALLS"
[ -n "$NPM_FAILS" ] && exit 1
for package; do :; done  # the last argument: @daisy/ace@VERSION
version=${package##*@}
mkdir -p node_modules/@daisy/ace node_modules/.bin
printf '{\\n  "name": "@daisy/ace",\\n  "version": "%s"\\n}\\n' "$version" \\
    > node_modules/@daisy/ace/package.json
printf '#!/bin/sh\\n' > node_modules/.bin/ace-puppeteer
chmod +x node_modules/.bin/ace-puppeteer
"""


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    """A folder of stand-in programs; PATH holds it and the basic system tools only."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, text in (("npm", FAKE_NPM), ("node", "#!/bin/sh\n"), ("chromium", "#!/bin/sh\n")):
        (folder / name).write_text(text)
        (folder / name).chmod(0o755)
    return folder


def run(tools: Path, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env={
            "PATH": f"{tools}:/usr/bin:/bin",
            "HOME": str(home),
            "NPM_CALLS": str(home / "npm-calls"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_installs_the_pinned_version_where_the_tests_look(tools, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    first = run(tools, home)
    assert first.returncode == 0, first.stderr
    pinned = re.search(r"^ACE_VERSION=(\S+)$", SCRIPT.read_text(), re.MULTILINE)
    assert pinned is not None and pinned.group(1).startswith("1.4.")
    calls = (home / "npm-calls").read_text()
    assert f"@daisy/ace@{pinned.group(1)}" in calls
    # The default folder is the one tests/test_ace.py searches with the same HOME.
    installed = home / ".cache" / "compile-book-ace" / "node_modules" / ".bin" / "ace-puppeteer"
    assert installed.exists()
    monkeypatch.delenv("ACE_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert installed.is_relative_to(ace_home())
    assert f"DAISY Ace {pinned.group(1)} installed" in first.stdout

    again = run(tools, home)
    assert again.returncode == 0
    assert "already in" in again.stdout
    assert (home / "npm-calls").read_text() == calls  # npm not run a second time


def test_a_failed_install_says_so_and_exits_0(tools, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    failed = run(tools, home, NPM_FAILS="1", ACE_HOME=str(tmp_path / "ace"))
    assert failed.returncode == 0
    assert "npm install @daisy/ace@" in failed.stdout and "will skip" in failed.stdout
    assert not (tmp_path / "ace" / "node_modules" / ".bin" / "ace-puppeteer").exists()
