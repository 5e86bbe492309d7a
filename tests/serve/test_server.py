"""`policy-pack serve` as a person starts it: the address with its key printed quickly,
the page served by waitress, a clean stop on Ctrl+C, and plain refusals of bad options."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
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


# --- issue 24: workers die with the server; the key off every command line; limits ---


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, read from /proc (children of children included)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while being read
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


def test_the_pack_workers_end_when_the_server_is_killed(tmp_path: Path) -> None:
    """SIGKILL runs no clean-up: the workers must see for themselves that the editor has
    gone. The address printed, the server starts its fork server and one worker in the
    background; all of them end once the server is killed."""
    copy_samples(tmp_path)
    server = start(tmp_path)
    try:
        address(server)
        deadline = time.monotonic() + 120  # loading WeasyPrint on a busy 2-core machine
        while time.monotonic() < deadline:
            below = descendants(server.pid)
            # the resource tracker, the fork server, and a worker forked by the latter
            if any(descendants(p) for p in below):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the pack worker never started")
    finally:
        server.kill()
        server.wait(10)
        # Not communicate(): a worker left behind holds the output pipes open for ever.
        for pipe in (server.stdout, server.stderr):
            assert pipe is not None
            pipe.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(p) for p in below):
        time.sleep(0.2)
    left = [p for p in below if alive(p)]
    for pid in left:  # not to leave them on the machine if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_the_browser_opened_for_you_never_has_the_key_on_its_command_line(
        tmp_path: Path) -> None:
    """The browser's command line can be read by every user of the machine (ps). The
    editor opens it through $BROWSER (Python's webbrowser), so a stand-in records what it
    was given: a file of this user's alone that leads to the address."""
    copy_samples(tmp_path)
    seen = tmp_path / "browser-was-given"
    stand_in = tmp_path / "browser"
    stand_in.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {seen}\n'
                        f'cat "$(echo "$1" | sed "s|^file://||")" >> {seen}\n'
                        f'stat -c %a "$(echo "$1" | sed "s|^file://||")" >> {seen}\n')
    stand_in.chmod(0o700)
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(tmp_path), "--port", "0",
         "--read-only"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "BROWSER": str(stand_in)})
    try:
        url = address(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not seen.exists():
            time.sleep(0.1)
        time.sleep(0.5)  # the stand-in writes three lines
        given = seen.read_text().splitlines()
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    key = url.split("token=")[1]
    assert given[0].startswith("file:///") and key not in given[0]
    assert f'content="0;url={url}"' in "\n".join(given[1:])
    assert given[-1] == "600"
    assert not Path(given[0].removeprefix("file://")).exists()  # removed when it stopped


def signed_in_opener(url: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    opener.open(url, timeout=30).read()
    return opener


def refused_with(opener: urllib.request.OpenerDirector, request: urllib.request.Request
                 ) -> tuple[int, str]:
    try:
        opener.open(request, timeout=60)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()
    raise AssertionError("not refused")


def test_a_request_past_the_limit_gets_the_editors_page(tmp_path: Path) -> None:
    """Through waitress, which answered such requests itself with a bare "Request Entity
    Too Large": now the editor does, in its own layout and words, for a form and a logo."""
    copy_samples(tmp_path)
    server = start(tmp_path)
    try:
        url = address(server)
        base = url.split("/?")[0]
        opener = signed_in_opener(url)
        form = urllib.parse.urlencode({"policy.owner": "x" * (600 * 1024)}).encode()
        code, page = refused_with(opener, urllib.request.Request(
            f"{base}/p/dwp.yaml/page/policy", data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"}))
        assert code == 413 and "govuk-template" in page
        assert "The answers are too long" in page and "576 KiB" in page
        boundary = "policy-pack-test"
        upload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; "
                  f"filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n").encode() \
            + b"\x89PNG" + b"\0" * (2 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
        code, page = refused_with(opener, urllib.request.Request(
            f"{base}/p/dwp.yaml/logo", data=upload,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}))
        assert code == 413 and "govuk-template" in page
        assert "The file is too large" in page and "512 KiB" in page
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
