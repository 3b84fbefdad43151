"""The microphone notebook in a real browser: JupyterLab, headless Chromium with a fake microphone, both transports.

Chromium (Debian's ``chromium``, driven by Playwright) plays a sample WAV as its microphone. The test opens
``04_browser_microphone.ipynb`` in JupyterLab, runs it, presses Start, and for each transport checks that the
kernel's session saw speech start and stop and answered with audio, that the page played audio, and that the
notebook's status cell (run again in the kernel) reports the same. It leaves a screenshot per transport in
``runs/browser/``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr
from helpers import free_port

from rtkit import audio

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "04_browser_microphone.ipynb"
SHOTS = ROOT / "runs" / "browser"
STATUS_CELL = 5  # print(mic.status()) ...
LATENCY_CELL = 7  # mic.latency_df() ...
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# realtime: a live microphone; the timeout is generous for a loaded machine (about 40 s each when idle)
pytestmark = [pytest.mark.realtime, pytest.mark.timeout(300)]
if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is not installed: .ci/run installs it with apt-get")
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


def fake_microphone_wav(path: Path) -> Path:
    """A spoken request as Chromium's fake microphone wants it (48 kHz 16-bit), silence around it so turns end."""
    speech = audio.pad_silence(audio.load_audio(ROOT / "data" / "portfolio_summary.wav"), 10_000)
    pcm = np.concatenate([np.zeros(audio.SAMPLE_RATE, dtype=np.int16), speech])  # quiet first: a clean onset
    pcm48 = soxr.resample(pcm.astype(np.float32) / 32768.0, audio.SAMPLE_RATE, 48000)
    sf.write(path, pcm48, 48000, subtype="PCM_16")
    return path


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on a free loopback port, serving a copy of the notebook; yields its URL with the token."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("OPENAI_API_KEY", None)  # the local server, always
    # no "official Jupyter news?" prompt over the page
    settings_dir = tmp_path_factory.mktemp("settings")
    settings = settings_dir / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings_dir)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"]
    cmd += [f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    cmd += ["--allow-root", "--ServerApp.port_retries=0"]
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{(root / 'lab.log').read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield f"{url}/lab/tree/{NOTEBOOK.name}?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def page(lab: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The notebook open in headless Chromium, run once, with the microphone widget rendered."""
    wav = fake_microphone_wav(tmp_path_factory.mktemp("mic") / "request.wav")
    args = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--allow-loopback-in-peer-connection",
        "--no-sandbox",
    ]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        pg = browser.new_page(viewport={"width": 1280, "height": 1000})
        pg.set_default_timeout(60_000)
        try:
            pg.goto(lab)
            _wait_kernel_idle(pg, 60_000)
            pg.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            pg.wait_for_selector(".rtkit-mic .rtkit-mic-start:not([disabled])", timeout=60_000)
            _wait_kernel_idle(pg, 30_000)
            yield pg
        finally:
            browser.close()


def _wait_kernel_idle(pg: object, timeout: float) -> None:
    pg.wait_for_function(
        """() => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            return k && k.status === 'idle' && w.sessionContext.kernelDisplayStatus === 'idle';
        }""",
        timeout=timeout,
    )


def _wait(pg: object, what: str, js: str, arg: object = None, timeout: float = 30_000) -> None:
    """Wait for ``js`` to hold; on timeout fail naming ``what``, with the widget's state and a screenshot."""
    try:
        pg.wait_for_function(js, arg=arg, timeout=timeout)
    except sync_api.TimeoutError:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = SHOTS / "failure.png"
        pg.screenshot(path=str(shot), full_page=True)
        pytest.fail(f"{what} did not happen in {timeout / 1000:.0f} s; widget: {_widget(pg)}; screenshot {shot}")


def _widget(pg: object) -> dict:
    data = pg.eval_on_selector(".rtkit-mic", "el => ({...el.dataset})")
    data["kernel"] = json.loads(data.get("kernel") or "{}")
    data["playedMs"] = float(data.get("playedMs") or 0)
    return data


def _run_cell(pg: object, index: int) -> str:
    """Run one cell in the kernel again and return its output text."""
    pg.evaluate(
        """async (i) => {
            const nb = window.jupyterapp.shell.currentWidget.content;
            nb.activeCellIndex = i;
            await window.jupyterapp.commands.execute('notebook:run-cell');
        }""",
        index,
    )
    _wait_kernel_idle(pg, 30_000)
    return pg.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].outputArea.node.innerText", index
    )


@pytest.mark.parametrize("transport", ["messages", "webrtc"])
def test_talk_through_the_browser_microphone(page: object, transport: str) -> None:
    _talk(page, transport)


def _talk(page: object, transport: str) -> None:
    """Talk through the page's microphone over ``transport`` for one whole turn, and check what each side saw."""
    before = _widget(page)["kernel"][transport]
    played_before = _widget(page)["playedMs"]
    if _widget(page)["state"] == "live":  # left on by an earlier failure
        page.click(".rtkit-mic-start")
        _wait(page, "microphone stopped", "() => document.querySelector('.rtkit-mic').dataset.state === 'stopped'")
    page.select_option(".rtkit-mic-transport", transport)
    page.click(".rtkit-mic-start")
    _wait(page, "microphone live", "() => document.querySelector('.rtkit-mic').dataset.state === 'live'", None, 60_000)
    # a whole turn: the sample's speech started and stopped, the session answered with audio, the page played it
    _wait(
        page,
        "a whole turn",
        """([t, b, played]) => {
            const el = document.querySelector('.rtkit-mic');
            const k = JSON.parse(el.dataset.kernel)[t];
            return k.speech_stopped > b.speech_stopped && k.answers_with_audio > b.answers_with_audio
                && Number(el.dataset.playedMs) > played + 500;
        }""",
        [transport, before, played_before],
        90_000,
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"04_browser_microphone_{transport}.png"), full_page=True)

    # the added latency needs an onset seen on both sides; the fake microphone may have restarted mid-request,
    # so wait (still talking) for the next one
    deadline = time.monotonic() + 40
    while transport not in (latency := _run_cell(page, LATENCY_CELL)) and time.monotonic() < deadline:
        time.sleep(3)
    assert transport in latency, f"{latency}\n{_run_cell(page, STATUS_CELL)}"
    (SHOTS / "added_latency.txt").write_text(latency)

    page.click(".rtkit-mic-start")  # stop
    _wait(page, "microphone stopped", "() => document.querySelector('.rtkit-mic').dataset.state === 'stopped'")
    seen = _widget(page)
    assert seen["transport"] == transport
    after = seen["kernel"][transport]
    assert after["speech_started"] > before["speech_started"]
    assert after["dropped_frames"] == 0

    # the kernel's own account, printed by the notebook's status cell
    status = _run_cell(page, STATUS_CELL)
    line = next(x for x in status.splitlines() if x.strip().startswith(f"{transport}:"))
    counts = dict(re.findall(r"(speech started|stopped|answers with audio) (\d+)", line))
    assert int(counts["speech started"]) >= 1 and int(counts["stopped"]) >= 1, status
    assert int(counts["answers with audio"]) >= 1, status
    assert re.search(r"assistant: .+", status), status


FIGURES_CELL = 9  # the latency figures: the shipped recording until the microphone has been used
SAVE_CELL = 11  # save_recording(...) when RTKIT_SAVE_RECORDING is set


def test_live_figures_replace_the_recording_once_the_microphone_was_used(page: object) -> None:
    text = _run_cell(page, FIGURES_CELL)
    if "recorded browser session" in text:  # this page's microphone was not used yet (the tests ran apart)
        _talk(page, "messages")
        text = _run_cell(page, FIGURES_CELL)
    assert "recorded browser session" not in text, text
    images = page.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i]"
        ".outputArea.node.querySelectorAll('img').length",
        FIGURES_CELL,
    )
    assert images == 2
    if os.environ.get("RTKIT_SAVE_RECORDING"):  # how data/browser_session/ was made
        assert "saved to" in _run_cell(page, SAVE_CELL)
