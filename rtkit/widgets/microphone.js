// Browser side of rtkit's microphone widget: capture (AudioWorklet, 24 kHz mono PCM16), the two transports
// (widget messages, WebRTC), answer playback with played-ms reports, barge-in, level meters and state.

const RATE = 24000;
const ONSET_DBFS = -40; // same onset rule as rtkit.widgets.microphone.OnsetDetector
const QUIET_FRAMES = 15;
const HEARD_DBFS = -50; // a received WebRTC frame louder than this is answer audio, not the kernel's silence

// 480-sample (20 ms) frames of PCM16 with their RMS, posted to the page.
const WORKLET = `
class Capture extends AudioWorkletProcessor {
  constructor() { super(); this.buf = new Int16Array(480); this.n = 0; this.sum = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (!ch) return true;
    for (let i = 0; i < ch.length; i++) {
      const s = Math.max(-1, Math.min(1, ch[i]));
      this.buf[this.n++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      this.sum += s * s;
      if (this.n === this.buf.length) {
        this.port.postMessage({ pcm: this.buf.buffer, rms: Math.sqrt(this.sum / this.n) }, [this.buf.buffer]);
        this.buf = new Int16Array(480); this.n = 0; this.sum = 0;
      }
    }
    return true;
  }
}
registerProcessor("rtkit-capture", Capture);
`;

const dbfs = (rms) => 20 * Math.log10(Math.max(rms, 1e-9));
const nowMs = () => performance.timeOrigin + performance.now();

// Plays answer audio gaplessly; reports ms played per item (first report when its first sample plays).
class Player {
  constructor(ctx, report) {
    this.ctx = ctx;
    this.report = report;
    this.playhead = 0;
    this.items = new Map();
    this.timer = setInterval(() => this.tick(), 100);
  }
  play(itemId, view) {
    const n = view.byteLength >> 1;
    const f = new Float32Array(n);
    for (let i = 0; i < n; i++) f[i] = view.getInt16(2 * i, true) / 32768;
    const buffer = this.ctx.createBuffer(1, n, RATE);
    buffer.copyToChannel(f, 0);
    const src = this.ctx.createBufferSource();
    src.buffer = buffer;
    src.connect(this.ctx.destination);
    const t0 = Math.max(this.ctx.currentTime + 0.03, this.playhead);
    src.start(t0);
    this.playhead = t0 + buffer.duration;
    let item = this.items.get(itemId);
    if (!item) {
      item = { chunks: [], reported: -1, started: false };
      this.items.set(itemId, item);
      setTimeout(() => {
        item.started = true;
        this.tick();
      }, Math.max(0, (t0 - this.ctx.currentTime) * 1000));
    }
    item.chunks.push({ t0, d: buffer.duration, src });
  }
  played(item, now = this.ctx.currentTime) {
    return item.chunks.reduce((ms, c) => ms + Math.min(Math.max(now - c.t0, 0), c.d) * 1000, 0);
  }
  total() {
    let ms = 0;
    for (const item of this.items.values()) ms += this.played(item);
    return ms;
  }
  tick() {
    for (const [id, item] of this.items) {
      const ms = this.played(item);
      if (item.started && ms !== item.reported) {
        item.reported = ms;
        this.report(id, ms);
      }
    }
  }
  // Barge-in: stop now; what was heard stays the item's length.
  clear() {
    const now = this.ctx.currentTime;
    for (const item of this.items.values()) {
      for (const c of item.chunks) {
        if (c.t0 + c.d > now) {
          try { c.src.stop(); } catch (e) { /* not started */ }
          c.d = Math.min(Math.max(now - c.t0, 0), c.d);
        }
      }
    }
    this.playhead = now;
    this.tick();
  }
  close() {
    this.clear();
    clearInterval(this.timer);
  }
}

function iceGathered(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
  });
}

function render({ model, el }) {
  el.classList.add("rtkit-mic");
  el.innerHTML = `
    <div class="rtkit-mic-row">
      <button class="rtkit-mic-start">Start microphone</button>
      <label>transport <select class="rtkit-mic-transport">
        <option value="messages">widget messages</option><option value="webrtc">WebRTC</option>
      </select></label>
      <span class="rtkit-mic-state"></span>
    </div>
    <div class="rtkit-mic-row"><span class="rtkit-mic-label">microphone</span>
      <div class="rtkit-mic-meter"><div class="rtkit-mic-bar rtkit-mic-in"></div></div><span class="rtkit-mic-db"></span></div>
    <div class="rtkit-mic-row"><span class="rtkit-mic-label">answer</span>
      <div class="rtkit-mic-meter"><div class="rtkit-mic-bar rtkit-mic-out"></div></div><span class="rtkit-mic-played"></span></div>
    <div class="rtkit-mic-kernel"></div>`;
  const $ = (s) => el.querySelector(s);
  const button = $(".rtkit-mic-start");
  const select = $(".rtkit-mic-transport");
  let ctx = null, stream = null, player = null, pc = null, audioEl = null, sink = null;
  let live = false, quiet = 0, heardMs = 0, pendingAnswer = null;

  const setState = (s) => {
    model.set("state", s);
    model.save_changes();
    show();
  };
  const meter = (cls, level) => {
    $(cls).style.width = `${Math.max(0, Math.min(100, (level + 60) * (100 / 60)))}%`;
  };
  const playedMs = () => (player ? player.total() : 0) + heardMs;

  function show() {
    const transport = model.get("transport");
    const kernel = model.get("kernel") || {};
    const k = kernel[transport] || {};
    const state = model.get("state");
    select.value = transport;
    button.textContent = live ? "Stop microphone" : "Start microphone";
    button.disabled = !model.get("attached") || state === "starting";
    const peer = transport === "webrtc" && model.get("peer_state") ? ` · peer ${model.get("peer_state")}` : "";
    $(".rtkit-mic-state").textContent = `${model.get("attached") ? "" : "no session attached · "}${state}${peer}`;
    $(".rtkit-mic-state").classList.toggle("rtkit-mic-error", state.startsWith("error"));
    $(".rtkit-mic-played").textContent = `${(playedMs() / 1000).toFixed(1)} s played`;
    $(".rtkit-mic-kernel").textContent =
      `kernel session: ${k.frames || 0} frames · speech started ${k.speech_started || 0}` +
      ` · stopped ${k.speech_stopped || 0} · answers with audio ${k.answers_with_audio || 0}` +
      (k.dropped_frames ? ` · ${k.dropped_frames} frames dropped` : "");
    Object.assign(el.dataset, { state, transport, playedMs: Math.round(playedMs()), kernel: JSON.stringify(kernel) });
  }

  function onFrame({ pcm, rms }) {
    const level = dbfs(rms);
    meter(".rtkit-mic-in", level);
    $(".rtkit-mic-db").textContent = level < -90 ? "silence" : `${level.toFixed(0)} dBFS`;
    const transport = model.get("transport");
    const loud = level > ONSET_DBFS;
    if (loud && quiet >= QUIET_FRAMES) model.send({ type: "onset", t: nowMs(), transport });
    quiet = loud ? 0 : quiet + 1;
    if (transport === "messages") model.send({ type: "audio" }, undefined, [pcm]);
  }

  function onHeard({ rms }) {
    const level = dbfs(rms);
    meter(".rtkit-mic-out", level);
    if (level > HEARD_DBFS) heardMs += 20;
  }

  async function startWebRTC() {
    pc = new RTCPeerConnection({ iceServers: [] });
    for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
    pc.ontrack = (e) => {
      const remote = e.streams[0] || new MediaStream([e.track]);
      audioEl = new Audio(); // Chromium delivers remote audio to Web Audio only while a media element plays it
      audioEl.srcObject = remote;
      audioEl.play().catch(() => {});
      const node = new AudioWorkletNode(ctx, "rtkit-capture");
      node.port.onmessage = (m) => onHeard(m.data);
      ctx.createMediaStreamSource(remote).connect(node);
      node.connect(sink);
    };
    pc.onconnectionstatechange = show;
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc);
    const answer = new Promise((resolve, reject) => {
      pendingAnswer = resolve;
      setTimeout(() => reject(new Error("the kernel did not answer the WebRTC offer (is the kernel busy?)")), 45000);
    });
    model.send({ type: "offer", sdp: pc.localDescription.sdp });
    await pc.setRemoteDescription({ type: "answer", sdp: await answer });
  }

  async function start() {
    setState("starting");
    quiet = 0; // a capture that starts mid-speech has no onset until it has been quiet
    try {
      ctx = new AudioContext({ sampleRate: RATE });
      await ctx.resume();
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false },
      });
      const url = URL.createObjectURL(new Blob([WORKLET], { type: "application/javascript" }));
      await ctx.audioWorklet.addModule(url);
      URL.revokeObjectURL(url);
      sink = ctx.createGain(); // worklets run while connected to the destination; this one is silent
      sink.gain.value = 0;
      sink.connect(ctx.destination);
      const capture = new AudioWorkletNode(ctx, "rtkit-capture");
      capture.port.onmessage = (e) => onFrame(e.data);
      ctx.createMediaStreamSource(stream).connect(capture);
      capture.connect(sink);
      player = new Player(ctx, (item_id, played_ms) => model.send({ type: "played", item_id, played_ms }));
      if (model.get("transport") === "webrtc") await startWebRTC();
      live = true;
      setState("live");
    } catch (err) {
      await stop();
      setState(`error: ${err.message}`);
    }
  }

  async function stop() {
    live = false;
    pendingAnswer = null;
    if (pc) {
      pc.close();
      pc = null;
      model.send({ type: "hangup" });
    }
    if (audioEl) audioEl.srcObject = null;
    audioEl = null;
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    if (player) {
      heardMs += player.total();
      player.close();
    }
    player = null;
    if (ctx) await ctx.close();
    ctx = null;
    setState("stopped");
  }

  const onMessage = (msg, buffers) => {
    if (msg.type === "audio" && player && buffers.length) {
      const b = buffers[0];
      player.play(msg.item_id, b instanceof DataView ? b : new DataView(b.buffer || b));
      meter(".rtkit-mic-out", -20);
    } else if (msg.type === "clear" && player) {
      player.clear();
    } else if (msg.type === "answer" && pendingAnswer) {
      pendingAnswer(msg.sdp);
      pendingAnswer = null;
    }
  };
  const onTransport = async () => {
    if (live) {
      await stop();
      await start();
    }
    show();
  };
  button.addEventListener("click", () => (live ? stop() : start()));
  select.addEventListener("change", () => {
    model.set("transport", select.value);
    model.save_changes();
  });
  model.on("msg:custom", onMessage);
  model.on("change:transport", onTransport);
  model.on("change:kernel change:attached change:peer_state change:state", show);
  const timer = setInterval(show, 250);
  show();
  return () => {
    clearInterval(timer);
    model.off("msg:custom", onMessage);
    model.off("change:transport", onTransport);
    model.off("change:kernel change:attached change:peer_state change:state", show);
    stop();
  };
}

export default { render };
