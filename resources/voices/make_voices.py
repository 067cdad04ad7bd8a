#!/usr/bin/env python3
"""Regenerates the demo callers' sentences in this folder from voices.json.

    python3 resources/voices/make_voices.py [--check]

Each entry's Ukrainian text is spoken by espeak-ng (Debian: `apt-get install
espeak-ng`; needed here only, the WAVs are shipped) and written as 8 kHz mono
16-bit PCM, the line simulator's clock rate: silence trimmed to a short lead and
tail, peak normalised. `--check` regenerates into a temporary folder and reports
which shipped files differ (another espeak-ng version speaks slightly otherwise).
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "voices.json"
RATE = 8000
MAX_SECONDS = 6.0
PEAK = 0.7 * 32767  # about -3 dBFS
LEAD_S, TAIL_S = 0.15, 0.3  # silence kept before and after the speech
SILENCE = 300  # |sample| below this, at the ends, counts as silence
TAPS_EACH_SIDE = 24  # of the resampling filter, in input samples
CUTOFF_HZ = 3600.0


def espeak(text: str, voice: str, speed: int, pitch: int, path: Path) -> None:
    binary = shutil.which("espeak-ng")
    if binary is None:
        sys.exit("espeak-ng is not installed (Debian: apt-get install espeak-ng)")
    subprocess.run([binary, "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(path),
                    text], check=True)


def read_wav(path: Path) -> tuple[list[int], int]:
    with wave.open(str(path), "rb") as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected mono 16-bit PCM")
        raw = wav.readframes(wav.getnframes())
        return list(struct.unpack(f"<{len(raw) // 2}h", raw)), wav.getframerate()


def resample(values: list[int], rate_in: int, rate_out: int) -> list[float]:
    """Windowed-sinc (Hann) polyphase resampling with a low-pass below rate_out / 2."""
    step_num, step_den = rate_in // math.gcd(rate_in, rate_out), rate_out // math.gcd(
        rate_in, rate_out)
    band = 2 * CUTOFF_HZ / rate_in  # cutoff as a fraction of the input's Nyquist
    kernels = []
    for phase in range(step_den):
        frac = phase / step_den
        kernel = []
        for j in range(-TAPS_EACH_SIDE + 1, TAPS_EACH_SIDE + 1):
            x = j - frac
            sinc = 1.0 if x == 0 else math.sin(math.pi * band * x) / (math.pi * band * x)
            window = 0.5 + 0.5 * math.cos(math.pi * x / TAPS_EACH_SIDE)
            kernel.append(band * sinc * window)
        total = sum(kernel)
        kernels.append([k / total for k in kernel])
    padded = [0] * TAPS_EACH_SIDE + values + [0] * TAPS_EACH_SIDE
    count = len(values) * step_den // step_num
    out = []
    for n in range(count):
        base, phase = divmod(n * step_num, step_den)
        start = base + 1  # padded index of input sample base - TAPS_EACH_SIDE + 1
        window_values = padded[start:start + 2 * TAPS_EACH_SIDE]
        out.append(sum(k * v for k, v in zip(kernels[phase], window_values, strict=True)))
    return out


def shape(values: list[float]) -> list[int]:
    """Trim the ends' silence to LEAD_S / TAIL_S and normalise the peak to PEAK."""
    loud = [i for i, v in enumerate(values) if abs(v) >= SILENCE]
    if not loud:
        raise ValueError("espeak-ng produced silence")
    speech = values[loud[0]:loud[-1] + 1]
    gain = PEAK / max(abs(v) for v in speech)
    lead, tail = [0] * int(LEAD_S * RATE), [0] * int(TAIL_S * RATE)
    return lead + [round(v * gain) for v in speech] + tail


def write_wav(path: Path, values: list[int]) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(struct.pack(f"<{len(values)}h", *values))


def make(entry: dict[str, object], out_dir: Path, scratch: Path) -> float:
    raw = scratch / "espeak.wav"
    espeak(str(entry["text"]), str(entry["voice"]), int(str(entry["speed"])),
           int(str(entry["pitch"])), raw)
    values, rate = read_wav(raw)
    shaped = shape(resample(values, rate, RATE))
    seconds = len(shaped) / RATE
    if seconds > MAX_SECONDS:
        raise ValueError(f"{entry['file']}: {seconds:.1f} s, longer than {MAX_SECONDS} s")
    write_wav(out_dir / str(entry["file"]), shaped)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true",
                        help="regenerate elsewhere and report which shipped WAVs differ")
    args = parser.parse_args(argv)
    entries = json.loads(MANIFEST.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        out_dir = scratch / "out" if args.check else HERE
        out_dir.mkdir(exist_ok=True)
        differ = []
        for entry in entries:
            seconds = make(entry, out_dir, scratch)
            name = str(entry["file"])
            size = (out_dir / name).stat().st_size
            print(f"{name}: {seconds:.2f} s, {size} bytes")
            if args.check and (out_dir / name).read_bytes() != (HERE / name).read_bytes():
                differ.append(name)
    if differ:
        print("differ from the shipped files: " + ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
