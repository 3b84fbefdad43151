// Browser side of rtkit's VAD tuner: sliders, the waveform with labelled and detected turns, the turn-end player.

function el(tag, attrs = {}, text = "") {
  const e = document.createElement(tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  if (text) e.textContent = text;
  return e;
}

function slider(controls, model, name, label, min, max, step) {
  const input = el("input", { type: "range", min, max, step });
  const out = el("output");
  input.value = model.get(name);
  out.textContent = input.value;
  // "input" fires while the thumb moves: the kernel re-runs the state machine and the picture follows.
  input.addEventListener("input", () => {
    const v = Number(input.value);
    out.textContent = input.value;
    model.set(name, v);
    model.save_changes();
  });
  model.on(`change:${name}`, () => { input.value = model.get(name); out.textContent = input.value; });
  controls.append(el("label", {}, label), input, out);
}

function select(controls, model, name, optionsName, label) {
  const sel = el("select");
  const fill = () => {
    sel.replaceChildren(...model.get(optionsName).map((o) => el("option", { value: o }, o)));
    sel.value = model.get(name);
  };
  fill();
  sel.addEventListener("change", () => { model.set(name, sel.value); model.save_changes(); });
  model.on(`change:${name}`, () => { sel.value = model.get(name); });
  model.on(`change:${optionsName}`, fill);
  controls.append(el("label", {}, label), sel, el("span"));
}

function draw(canvas, model) {
  const w = (canvas.width = canvas.clientWidth * devicePixelRatio || 900);
  const h = (canvas.height = 180 * devicePixelRatio);
  const ctx = canvas.getContext("2d");
  const dur = model.get("duration_ms") || 1;
  const x = (ms) => (ms / dur) * w;
  ctx.clearRect(0, 0, w, h);
  const wave = model.get("waveform");
  const mid = h * 0.55, amp = h * 0.4;
  ctx.fillStyle = "#8aa";
  wave.forEach(([lo, hi], i) => {
    const px = (i / wave.length) * w;
    ctx.fillRect(px, mid - hi * amp, Math.max(1, w / wave.length), Math.max(1, (hi - lo) * amp));
  });
  ctx.fillStyle = "rgba(42,157,74,0.85)";
  model.get("labels").forEach(([s, e]) => ctx.fillRect(x(s), 4, x(e) - x(s), h * 0.06));
  const turn = model.get("turn");
  model.get("segments").forEach((seg, i) => {
    ctx.fillStyle = i === turn ? "rgba(200,60,0,0.95)" : "rgba(224,123,0,0.8)";
    ctx.fillRect(x(seg.start_ms), h * 0.09, x(seg.end_ms) - x(seg.start_ms), h * 0.06);
    if (seg.at_end) { ctx.strokeStyle = "#000"; ctx.setLineDash([4, 3]); ctx.strokeRect(x(seg.start_ms), h * 0.09, x(seg.end_ms) - x(seg.start_ms), h * 0.06); ctx.setLineDash([]); }
    ctx.fillStyle = "rgba(224,123,0,0.5)";
    ctx.fillRect(x(seg.end_ms) - 1, h * 0.15, 2, h * 0.85);
  });
}

function render({ model, el: root }) {
  const box = el("div", { class: "rtkit-vad" });
  const controls = el("div", { class: "controls" });
  select(controls, model, "file", "files", "recording");
  select(controls, model, "scorer", "scorers", "scorer");
  slider(controls, model, "threshold", "threshold", 0, 1, 0.01);
  slider(controls, model, "prefix_ms", "prefix padding ms", 0, 1000, 10);
  slider(controls, model, "silence_ms", "silence ms", 0, 2000, 10);
  const canvas = el("canvas");
  const legend = el("div", { class: "legend" });
  legend.append(el("span", { class: "lab" }, "■ labelled speech"), el("span", { class: "det" }, "■ detected turns (dashed: closed by the end of the audio) — click a turn to hear its end"));
  const player = el("div", { class: "player" });
  const turnSel = el("select");
  const audio = el("audio", { controls: "" });
  player.append(el("label", {}, "hear the end of turn"), turnSel, audio);
  const summary = el("div", { class: "summary" });
  box.append(controls, canvas, legend, player, summary);
  root.append(box);

  let url = null;
  const fillTurns = () => {
    const segs = model.get("segments");
    turnSel.replaceChildren(el("option", { value: -1 }, "—"), ...segs.map((s, i) => el("option", { value: i }, `${i + 1}: ends at ${s.end_ms} ms`)));
    turnSel.value = model.get("turn");
  };
  const showClip = () => {
    if (url) URL.revokeObjectURL(url);
    const clip = model.get("clip");
    const bytes = clip && (clip.buffer ? clip : new DataView(clip));
    if (!bytes || !bytes.byteLength) { audio.removeAttribute("src"); url = null; return; }
    url = URL.createObjectURL(new Blob([bytes], { type: "audio/wav" }));
    audio.src = url;
  };
  const showSummary = () => {
    const s = model.get("summary");
    const fmt = (d) => d ? `missed ${(100 * d.missed_share).toFixed(1)}%, false starts ${d.false_starts}, cut-offs ${d.early_cutoffs}, merged ${d.merged}, end-of-turn delay p50 ${d.eot_delay_p50_ms == null ? "–" : Math.round(d.eot_delay_p50_ms)} ms, score ${d.score.toFixed(3)}` : "no labels";
    summary.textContent = `${s.setting}: ${s.turns} turn(s)\nthis recording: ${fmt(s.file)}\nall recordings: ${fmt(s.all)}`;
  };
  turnSel.addEventListener("change", () => { model.set("turn", Number(turnSel.value)); model.save_changes(); });
  canvas.addEventListener("click", (e) => {
    const ms = (e.offsetX / canvas.clientWidth) * model.get("duration_ms");
    const i = model.get("segments").findIndex((s) => s.start_ms <= ms && ms <= s.end_ms);
    if (i >= 0) { model.set("turn", i); model.save_changes(); }
  });
  const redraw = () => draw(canvas, model);
  ["waveform", "labels", "segments", "turn", "duration_ms"].forEach((n) => model.on(`change:${n}`, redraw));
  model.on("change:segments", fillTurns);
  model.on("change:turn", () => { turnSel.value = model.get("turn"); });
  model.on("change:clip", showClip);
  model.on("change:summary", showSummary);
  fillTurns(); showClip(); showSummary();
  requestAnimationFrame(redraw);
  return () => { if (url) URL.revokeObjectURL(url); };
}

export default { render };
