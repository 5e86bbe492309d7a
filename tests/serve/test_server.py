"""`policy-pack serve` as a person starts it: the address with its key printed quickly,
the page served by waitress, a clean stop on Ctrl+C, and plain refusals of bad options."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.serve.conftest import copy_samples


def start(folder: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", str(folder),
                             "--port", "0", "--no-browser", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def address(server: subprocess.Popen[str]) -> str:
    assert server.stdout is not None
    for _ in range(5):
        line = server.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        if found:
            return found.group(0)
    raise AssertionError("no address printed")


def test_serve_prints_its_address_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    server = start(tmp_path, "--read-only")
    try:
        url = address(server)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url, timeout=30) as answer:  # the key, then the cookie
            page = answer.read().decode()
            assert answer.headers["Server"] == "policy-pack"  # waitress, named by us
        assert "Reviews" in page and "dwp.yaml" in page
        with urllib.request.urlopen(url.split("?")[0], timeout=30) as answer:
            raise AssertionError("served without the key")
    except urllib.error.HTTPError as refused:
        assert refused.code == 403
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "stopped" in out and "Traceback" not in err


def test_another_address_needs_allowed_hosts(tmp_path: Path) -> None:
    found = subprocess.run([sys.executable, "-m", "generator", "serve", str(tmp_path),
                            "--host", "0.0.0.0", "--no-browser"], capture_output=True,
                           text=True, timeout=60)
    assert found.returncode == 2
    assert "--allowed-host" in found.stderr and "Traceback" not in found.stderr


def test_a_missing_folder_is_refused_plainly(tmp_path: Path) -> None:
    found = subprocess.run([sys.executable, "-m", "generator", "serve",
                            str(tmp_path / "nowhere"), "--no-browser"], capture_output=True,
                           text=True, timeout=60)
    assert found.returncode == 2
    assert "no such folder" in found.stderr and "Traceback" not in found.stderr


def test_the_address_is_printed_within_seconds(tmp_path: Path) -> None:
    """Not a speed test (make bench measures it): the server must not wait for the pack's
    workers before it says where it is."""
    copy_samples(tmp_path)
    started = time.perf_counter()
    server = start(tmp_path)
    try:
        address(server)
        assert time.perf_counter() - started < 30
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    assert server.returncode == 0


def test_sigterm_stops_it_as_ctrl_c_does(tmp_path: Path) -> None:
    """A service manager stops it with SIGTERM: the same clean stop, the pack's worker
    processes with it."""
    copy_samples(tmp_path)
    server = start(tmp_path)
    address(server)
    time.sleep(1)  # the pack's workers are starting in the background
    server.send_signal(signal.SIGTERM)
    out, err = server.communicate(timeout=60)
    assert server.returncode == 0
    assert "stopped" in out and "Traceback" not in err
