"""The VAD tuner widget: the kernel side on the labelled set, and its page in headless Chromium.

In the browser test the widget's own ESM runs in Chromium; its model is a small bridge that hands every
``save_changes`` to the real Python widget (through Playwright) and feeds the traits that changed back, as the
Jupyter comm would.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path

import pytest
import soundfile as sf

from rtkit import vad
from rtkit.vad import lab
from rtkit.widgets.vad_tuner import CLIP_AFTER_MS, CLIP_BEFORE_MS, VADTuner

DATA = Path(__file__).resolve().parent.parent / "data" / "vad"


@pytest.fixture(scope="module")
def recordings():
    return [r for r in lab.load_recordings(DATA) if r.name in {"card_number_clean.wav", "ends_mid_utterance.wav"}]


def test_sliders_rerun_the_simulation(recordings):
    w = VADTuner(recordings)
    card = recordings[0]
    assert w.file == card.name and w.labels == [list(s) for s in card.segments]
    cache = lab.FrameScoreCache()
    for silence in (200, 1000):
        w.silence_ms = silence
        expected = lab.search.detect(card, w.setting, cache)
        assert w.segments == [{"start_ms": t.start_ms, "end_ms": t.end_ms, "at_end": t.at_end} for t in expected]
        assert w.summary["file"]["early_cutoffs"] == lab.score_turns([(expected, card.segments)]).early_cutoffs
    assert len(w.segments) == 2  # 1000 ms of silence keeps the card number in one turn
    w.turn = 0
    clip, rate = sf.read(io.BytesIO(w.clip), dtype="int16")
    end = w.segments[0]["end_ms"]
    assert rate == 24000 and len(clip) == (CLIP_BEFORE_MS + CLIP_AFTER_MS) * 24
    assert w.clip_start_ms == end - CLIP_BEFORE_MS
    w.file = "ends_mid_utterance.wav"
    assert w.segments[-1]["at_end"] and w.duration_ms == recordings[1].duration_ms
    assert w.turn == 0 and w.clip  # the chosen turn is kept when it still exists


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

BRIDGE = """
window.makeModel = (state, push) => {
  const handlers = {};
  const pending = {};
  const fire = (name) => (handlers[`change:${name}`] || []).forEach((h) => h());
  return {
    get: (name) => state[name],
    set: (name, value) => { state[name] = value; pending[name] = value; },
    on: (event, h) => { (handlers[event] = handlers[event] || []).push(h); },
    save_changes: async () => {
      const sent = { ...pending };
      Object.keys(pending).forEach((k) => delete pending[k]);
      const changed = await push(sent);
      for (const [k, v] of Object.entries(changed)) {
        state[k] = k === "clip" ? new DataView(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)).buffer) : v;
      }
      Object.keys(changed).forEach(fire);
    },
  };
};
"""


def _state(w: VADTuner, names) -> dict:
    out = {}
    for name in names:
        value = getattr(w, name)
        out[name] = base64.b64encode(value).decode() if isinstance(value, bytes) else value
    return out


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_the_page_follows_the_sliders(recordings, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    w = VADTuner(recordings)
    synced = [n for n in VADTuner.class_own_traits(sync=True) if not n.startswith("_")]

    def push(changes: dict) -> dict:
        before = _state(w, synced)
        with w.hold_trait_notifications():
            for k, v in changes.items():
                setattr(w, k, v)
        after = _state(w, synced)
        return {k: v for k, v in after.items() if before[k] != v or k in changes}

    esm = (Path(vad.__file__).parent.parent / "widgets" / "vad_tuner.js").read_text()
    css = (Path(vad.__file__).parent.parent / "widgets" / "vad_tuner.css").read_text()
    initial = _state(w, synced)
    initial["clip"] = ""
    page_js = (
        esm.replace("export default { render };", "window.renderTuner = render;")
        + BRIDGE
        + f"const state = {json.dumps(initial)}; state.clip = new DataView(new ArrayBuffer(0));"
        + "const root = document.getElementById('root');"
        + "window.renderTuner({ model: window.makeModel(state, window.pyPush), el: root });"
    )
    html = tmp_path / "tuner.html"
    html.write_text(
        f"<html><head><style>{css}</style></head><body><div id='root' style='width:900px'></div></body></html>"
    )
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.expose_function("pyPush", push)
            page.goto(html.as_uri())
            page.add_script_tag(content=page_js, type="module")
            options = page.locator(".rtkit-vad .player select option")
            options.first.wait_for(state="attached")
            assert options.count() == len(w.segments) + 1
            many = len(w.segments)
            silence = page.locator(".rtkit-vad input[type=range]").nth(2)
            silence.evaluate("(e) => { e.value = 1000; e.dispatchEvent(new Event('input')); }")
            page.wait_for_function(f"document.querySelectorAll('.rtkit-vad .player select option').length === {2 + 1}")
            assert w.silence_ms == 1000 and len(w.segments) == 2 < many
            assert "2 turn(s)" in page.locator(".rtkit-vad .summary").inner_text()
            page.locator(".rtkit-vad .player select").select_option("0")
            page.wait_for_function("document.querySelector('.rtkit-vad audio').src.startsWith('blob:')")
            assert w.turn == 0 and w.clip
            orange = page.evaluate(
                """() => { const c = document.querySelector('.rtkit-vad canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i+1] > 60 && d[i+1] < 150 && d[i+2] < 60) n++;
                return n; }"""
            )
            assert orange > 100
        finally:
            browser.close()
