from __future__ import annotations

import asyncio
import base64
import time
import warnings

import numpy as np
import pytest
import soundfile as sf
from hypothesis import given, settings
from hypothesis import strategies as st

from rtkit.audio import (
    SAMPLE_RATE,
    AudioError,
    alaw_decode,
    alaw_encode,
    b64_to_pcm,
    bytes_per_ms,
    chunk_pcm,
    decode_audio,
    decode_deltas,
    encode_audio,
    load_audio,
    pad_silence,
    pcm_to_b64,
    stream_chunks,
    to_pcm16,
    ulaw_decode,
    ulaw_encode,
    write_wav,
)

ALL_INT16 = np.arange(65536, dtype=np.uint16).view(np.int16)


def sine(freq: float, seconds: float, rate: int, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float64)


def dominant_freq(pcm: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    spec = np.abs(np.fft.rfft(pcm.astype(np.float64)))
    return float(np.fft.rfftfreq(len(pcm), 1 / rate)[np.argmax(spec)])


# --- files -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "subtype", "rate", "channels"),
    [
        ("WAV", "PCM_16", 24000, 1),
        ("WAV", "PCM_U8", 8000, 1),
        ("WAV", "FLOAT", 44100, 2),
        ("WAV", "PCM_32", 48000, 6),
        ("FLAC", "PCM_24", 16000, 2),
        ("OGG", "VORBIS", 22050, 1),
    ],
)
def test_load_audio_any_format_rate_channels(tmp_path, fmt, subtype, rate, channels):
    x = sine(440, 1.0, rate)
    data = np.repeat(x[:, None], channels, axis=1) if channels > 1 else x
    path = tmp_path / f"a.{fmt.lower()}"
    sf.write(str(path), data, rate, subtype=subtype, format=fmt)
    pcm = load_audio(path)
    assert pcm.dtype == np.int16 and pcm.ndim == 1
    assert abs(len(pcm) - SAMPLE_RATE) <= 2
    assert abs(dominant_freq(pcm) - 440) < 3
    # Amplitude survives format, channel mixing and resampling (about 0.5 of full scale).
    assert 0.4 * 32768 < np.abs(pcm[1000:-1000]).max() < 0.6 * 32768


def test_load_audio_mixes_channels_to_mono(tmp_path):
    x = sine(300, 0.5, 24000)
    path = tmp_path / "lr.wav"
    sf.write(str(path), np.stack([x, np.zeros_like(x)], axis=1), 24000, subtype="PCM_16")
    pcm = load_audio(path)
    assert 0.2 * 32768 < np.abs(pcm).max() < 0.3 * 32768  # half of the left channel's 0.5


def test_load_audio_other_target_rate(tmp_path):
    path = tmp_path / "a.wav"
    sf.write(str(path), sine(440, 1.0, 24000), 24000, subtype="PCM_16")
    assert abs(len(load_audio(path, rate=16000)) - 16000) <= 2


def test_write_wav_load_audio_exact_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    pcm = rng.integers(-32768, 32767, 4800, dtype=np.int16)
    path = write_wav(tmp_path / "x.wav", pcm)
    info = sf.info(str(path))
    assert (info.samplerate, info.channels, info.subtype) == (24000, 1, "PCM_16")
    np.testing.assert_array_equal(load_audio(path), pcm)
    write_wav(tmp_path / "y.wav", pcm.astype("<i2").tobytes())
    np.testing.assert_array_equal(load_audio(tmp_path / "y.wav"), pcm)


def test_missing_file(tmp_path):
    path = tmp_path / "nope.wav"
    with pytest.raises(AudioError, match=r"nope\.wav: file does not exist"):
        load_audio(path)


def test_zero_length_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(AudioError, match=r"empty\.wav.*empty"):
        load_audio(path)


def test_text_file_renamed_wav(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("these are meeting notes, not audio\n" * 20)
    with pytest.raises(AudioError, match=r"notes\.wav.*not a readable audio file"):
        load_audio(path)


def test_truncated_header(tmp_path):
    good = tmp_path / "good.wav"
    write_wav(good, np.zeros(2400, dtype=np.int16))
    bad = tmp_path / "truncated.wav"
    bad.write_bytes(good.read_bytes()[:20])
    with pytest.raises(AudioError, match=r"truncated\.wav.*not a readable audio file"):
        load_audio(bad)


def test_wav_with_zero_frames(tmp_path):
    path = tmp_path / "silent0.wav"
    sf.write(str(path), np.zeros(0, dtype=np.int16), 24000, subtype="PCM_16")
    assert path.stat().st_size > 0
    with pytest.raises(AudioError, match=r"silent0\.wav.*no audio frames"):
        load_audio(path)


def test_directory_is_not_audio(tmp_path):
    with pytest.raises(AudioError, match="not a regular file"):
        load_audio(tmp_path)


def test_audio_error_is_value_error():
    assert issubclass(AudioError, ValueError)


# --- conversion ------------------------------------------------------------------------------------------


def test_to_pcm16_int16_same_rate_is_identity_copy():
    x = np.array([0, 1, -1, 32767, -32768], dtype=np.int16)
    y = to_pcm16(x, 24000)
    np.testing.assert_array_equal(x, y)
    assert y is not x


def test_to_pcm16_float_clips_and_scales():
    y = to_pcm16(np.array([0.0, 0.5, -0.5, 2.0, -2.0], dtype=np.float32), 24000)
    np.testing.assert_array_equal(y, [0, 16384, -16384, 32767, -32768])


def test_to_pcm16_int32_and_uint8():
    np.testing.assert_array_equal(to_pcm16(np.array([1 << 30, -(1 << 31)], dtype=np.int32), 24000), [16384, -32768])
    np.testing.assert_array_equal(to_pcm16(np.array([128, 0, 192], dtype=np.uint8), 24000), [0, -32768, 16384])


def test_to_pcm16_rejects_bad_input():
    with pytest.raises(AudioError, match="src_rate"):
        to_pcm16(np.zeros(10, dtype=np.int16), 0)
    with pytest.raises(AudioError, match="shape"):
        to_pcm16(np.zeros((2, 2, 2)), 24000)
    with pytest.raises(AudioError, match="dtype"):
        to_pcm16(np.array(["a"]), 24000)


# --- base64 and chunks -----------------------------------------------------------------------------------

int16_arrays = st.lists(st.integers(-32768, 32767), max_size=3000).map(lambda v: np.array(v, dtype=np.int16))


@given(int16_arrays)
def test_b64_round_trip(pcm):
    b64 = pcm_to_b64(pcm)
    np.testing.assert_array_equal(b64_to_pcm(b64), pcm)
    assert pcm_to_b64(pcm.astype("<i2").tobytes()) == b64
    assert base64.b64decode(b64) == pcm.astype("<i2").tobytes()


@given(int16_arrays, st.sampled_from([5, 10, 20, 40, 100, 7.5]), st.sampled_from([8000, 16000, 24000]))
@settings(max_examples=200)
def test_chunk_round_trip(pcm, chunk_ms, rate):
    chunks = list(chunk_pcm(pcm, chunk_ms, rate))
    assert b"".join(chunks) == pcm.astype("<i2").tobytes()
    size = round(rate * chunk_ms / 1000) * 2
    assert all(len(c) == size for c in chunks[:-1])
    assert all(0 < len(c) <= size for c in chunks)
    assert len(chunks) == -(-len(pcm) * 2 // size)


@given(st.binary(max_size=2000), st.sampled_from([10, 20, 30]))
def test_chunk_g711_bytes(data, chunk_ms):
    chunks = list(chunk_pcm(data, chunk_ms, rate=8000, sample_width=1))
    assert b"".join(chunks) == data
    assert all(len(c) == 8 * chunk_ms for c in chunks[:-1])


def test_chunk_default_is_20ms_at_24k():
    chunks = list(chunk_pcm(np.zeros(2400, dtype=np.int16)))
    assert len(chunks) == 5 and all(len(c) == 960 for c in chunks)


def test_b64_errors():
    with pytest.raises(AudioError, match="base64"):
        b64_to_pcm("not base64!!")
    with pytest.raises(AudioError, match="even number of bytes"):
        b64_to_pcm(base64.b64encode(b"abc").decode())
    with pytest.raises(AudioError, match="int16"):
        pcm_to_b64(np.zeros(3, dtype=np.float32))
    with pytest.raises(AudioError, match="chunk_ms"):
        list(chunk_pcm(b"\0\0", 0))


def test_pad_silence():
    x = np.ones(100, dtype=np.int16)
    y = pad_silence(x, 50)
    assert len(y) == 100 + 1200 and (y[:100] == 1).all() and (y[100:] == 0).all()
    assert len(pad_silence(x.astype("<i2").tobytes(), 10, rate=8000)) == 180
    with pytest.raises(AudioError, match="ms"):
        pad_silence(x, -1)


# --- streaming -------------------------------------------------------------------------------------------


async def test_stream_unpaced_gives_all_chunks():
    pcm = np.arange(-5000, 5000, dtype=np.int16)
    chunks = [c async for c in stream_chunks(pcm, 20, pace=False)]
    assert chunks == list(chunk_pcm(pcm, 20))


@pytest.mark.realtime
async def test_stream_paced_follows_a_monotonic_schedule_without_drift():
    pcm = np.zeros(SAMPLE_RATE // 2, dtype=np.int16)  # 500 ms in 25 chunks
    start = time.monotonic()
    times = []
    async for _ in stream_chunks(pcm, 20, pace=True):
        times.append(time.monotonic() - start)
        if len(times) == 1:
            await asyncio.sleep(0.2)  # a slow consumer must not push the whole schedule back
    assert len(times) == 25
    # Chunk k is released no earlier than the end of its audio, like a microphone.
    for k, t in enumerate(times):
        assert t >= (k + 1) * 0.020 - 0.002
    # Deadlines are measured from the start: after the stall the backlog is caught up, so the
    # stream still ends about when its 500 ms of audio ends (a per-chunk sleep would end >= 0.7 s).
    assert times[-1] < 0.65


# --- G.711 -----------------------------------------------------------------------------------------------


def test_g711_known_code_points():
    # Values from ITU-T G.711 tables (mu-law: 0xFF/0x7F are +/-0, 0x80/0x00 the largest magnitudes;
    # A-law: even bits inverted, 0xD5/0x55 the smallest steps, 0xAA/0x2A the largest).
    np.testing.assert_array_equal(
        ulaw_decode(bytes([0xFF, 0x7F, 0x80, 0x00, 0xEF, 0xDF])), [0, 0, 32124, -32124, 132, 396]
    )
    np.testing.assert_array_equal(alaw_decode(bytes([0xD5, 0x55, 0xAA, 0x2A, 0xD4])), [8, -8, 32256, -32256, 24])
    assert ulaw_encode(np.array([0, 32767, -32768, 8159 * 4], dtype=np.int16)) == bytes([0xFF, 0x80, 0x00, 0x80])
    assert alaw_encode(np.array([0, -1, 32767, -32768], dtype=np.int16)) == bytes([0xD5, 0x55, 0xAA, 0x2A])


def test_g711_matches_reference_implementation_exhaustively():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        audioop = pytest.importorskip("audioop")  # CPython's CCITT reference port (until 3.13)
    raw = ALL_INT16.astype("<i2").tobytes()
    assert ulaw_encode(ALL_INT16) == audioop.lin2ulaw(raw, 2)
    assert alaw_encode(ALL_INT16) == audioop.lin2alaw(raw, 2)
    codes = bytes(range(256))
    assert ulaw_decode(codes).astype("<i2").tobytes() == audioop.ulaw2lin(codes, 2)
    assert alaw_decode(codes).astype("<i2").tobytes() == audioop.alaw2lin(codes, 2)


@pytest.mark.parametrize(("enc", "dec"), [(ulaw_encode, ulaw_decode), (alaw_encode, alaw_decode)])
def test_g711_round_trip_error_bounds(enc, dec):
    x = ALL_INT16.astype(np.int64)
    err = np.abs(dec(enc(ALL_INT16)).astype(np.int64) - x)
    # Logarithmic quantiser: error within half a step, a step being at most 1/16 of the magnitude.
    inside = np.abs(x) <= 32000
    assert (err[inside] <= np.abs(x[inside]) / 32 + 8).all()
    assert err.max() <= 644  # clipping beyond the top decision level
    # Decoding then re-encoding is the identity on every code except mu-law's negative zero.
    codes = np.arange(256, dtype=np.uint8)
    again = np.frombuffer(enc(dec(codes.tobytes())), dtype=np.uint8)
    assert ((again == codes) | (codes == 0x7F)).all()
    # Monotonic: larger input never gives a smaller decoded value.
    assert (np.diff(dec(enc(np.sort(ALL_INT16))).astype(np.int64)) >= 0).all()


@pytest.mark.parametrize("kind", ["audio/pcmu", "audio/pcma"])
def test_encode_decode_g711_formats(kind):
    pcm = to_pcm16(sine(440, 0.5, 24000), 24000)
    wire = encode_audio(pcm, {"type": kind})
    assert len(wire) == 4000 and bytes_per_ms({"type": kind}) == 8.0
    back = decode_audio(wire, {"type": kind})
    assert len(back) == len(pcm)
    core = slice(500, -500)
    corr = np.corrcoef(back[core].astype(float), pcm[core].astype(float))[0, 1]
    assert corr > 0.99


def test_encode_decode_pcm_format_is_identity():
    fmt = {"type": "audio/pcm", "rate": 24000}
    pcm = np.arange(-100, 100, dtype=np.int16)
    wire = encode_audio(pcm, fmt)
    assert wire == pcm.astype("<i2").tobytes() and bytes_per_ms(fmt) == 48.0
    np.testing.assert_array_equal(decode_audio(wire, fmt), pcm)


def test_format_errors_name_the_field():
    with pytest.raises(AudioError, match=r"format\.type.*audio/ogg.*allowed"):
        encode_audio(np.zeros(4, np.int16), {"type": "audio/ogg"})
    with pytest.raises(AudioError, match=r"format\.rate.*16000"):
        bytes_per_ms({"type": "audio/pcm", "rate": 16000})
    with pytest.raises(AudioError, match="format"):
        decode_audio(b"", "pcm16")  # type: ignore[arg-type]


def test_decode_deltas_and_write(tmp_path):
    pcm = to_pcm16(sine(220, 0.3, 24000), 24000)
    deltas = [pcm_to_b64(c) for c in chunk_pcm(pcm, 40)]
    joined = decode_deltas(deltas)
    np.testing.assert_array_equal(joined, pcm)
    write_wav(tmp_path / "out.wav", joined)
    np.testing.assert_array_equal(load_audio(tmp_path / "out.wav"), pcm)
    ulaw = encode_audio(pcm, {"type": "audio/pcmu"})
    g = decode_deltas([base64.b64encode(c).decode() for c in chunk_pcm(ulaw, 20, 8000, 1)], {"type": "audio/pcmu"})
    assert len(g) == len(pcm)
    with pytest.raises(AudioError, match="delta 1"):
        decode_deltas([deltas[0], "%%%"])
