"""SIP benchmark: the operator engine against a bare pjsua2 callee, same PBX, same run.

    python bench/sip.py [--calls 1000] [--idle 30] [--setup-samples 20] [--talk 0.1]

Starts a private Kamailio (LocalPbx) on loopback, then:
  (a) REGISTER time (process start -> in the 1551 ring group, median of 3
      starts) and call setup time (the simulator's INVITE -> CONFIRMED,
      measured on the caller side, median of --setup-samples calls) for a bare
      pjsua2 callee (this file run with --bare-callee) and for the engine's
      console softphone (python -m operator_app.telephony --auto-answer 0
      --join-queue 1551). Both run at once and the calls alternate between
      them (each called at its own AoR, which Kamailio routes exactly as it
      routes 1551: lookup + relay), so machine load hits both alike;
  (b) --calls sequential calls into each callee: crashes (process died,
      restarted to go on), calls that failed, RSS growth (VmRSS after - before);
  (c) --idle seconds with nothing happening: each callee's CPU %.
The bare callee's figures are the baseline (keys ending in _bare).
Prints figures, then one JSON line. Targets: ratio <= 1.2, RSS growth <= 10 MB,
0 crashes, idle CPU <= 1 %.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kc1551_demo.local_pbx import LocalPbx
from operator_app.telephony.config import PASSWORD_ENV
from operator_app.telephony.jsonl_process import (
    Event,
    EventTimeoutError,
    JsonLineProcess,
    ProcessEndedError,
)

USERS = {"op1001": "bench-op1001", "op1002": "bench-op1002", "trunk": "bench-trunk"}
REGISTER_TIMEOUT_S = 20.0
CALL_TIMEOUT_S = 10.0
REGISTER_SAMPLES = 3


# -- the bare callee: minimal pjsua2, for the baseline --------------------------
def run_bare_callee(registrar: str, user: str, password: str) -> int:
    """Register own AoR and the 1551 ring group, answer every call at once."""
    import pjsua2 as pj

    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # pjsip's console output must not mix with the JSON lines

    def emit(event: str, **fields: Any) -> None:
        out.write(json.dumps({"event": event, "t": time.time(), **fields}) + "\n")

    class Callee(pj.Call):  # type: ignore[misc]  # pjsua2 has no stubs
        def onCallMediaState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            # keeps the (null) sound device and so the conference clock running: with
            # no clock, pjsip 2.15 never completes removing ended calls' ports
            manager = endpoint.audDevManager()
            manager.getCaptureDevMedia().startTransmit(self.getAudioMedia(-1))

        def onCallState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                emit("ended")
                ended.append(self)

    class Account(pj.Account):  # type: ignore[misc]
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def onRegState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            emit("registered" if prm.code == 200 else "registration_failed",
                 account=self.name, code=prm.code)

        def onIncomingCall(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            call = Callee(self, prm.callId)
            calls.append(call)
            answer = pj.CallOpParam()
            answer.statusCode = 200
            call.answer(answer)
            emit("incoming")

    calls: list[Any] = []
    ended: list[Any] = []
    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.logConfig.consoleLevel = config.logConfig.level = int(
        os.environ.get("BENCH_PJ_LOG", "0"))
    endpoint.libInit(config)
    transport = pj.TransportConfig()
    transport.boundAddress = "127.0.0.1"
    endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    endpoint.libStart()
    endpoint.audDevManager().setNullDev()
    domain = registrar.removeprefix("sip:").rsplit(":", 1)[0]
    accounts = []
    for name, aor in (("operator", user), ("queue", "1551")):
        acc_config = pj.AccountConfig()
        acc_config.idUri = f"sip:{aor}@{domain}"
        acc_config.regConfig.registrarUri = registrar
        acc_config.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, password))
        acc_config.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        account = Account(name)
        account.create(acc_config)
        accounts.append(account)
    import select
    while True:
        endpoint.libHandleEvents(10)
        for call in ended:
            calls.remove(call)
        ended.clear()
        readable, _, _ = select.select([sys.stdin], [], [], 0)
        if readable:
            line = sys.stdin.readline()
            if not line or json.loads(line).get("cmd") == "quit":
                break
    calls.clear()
    accounts.clear()
    endpoint.libDestroy()
    return 0


# -- measuring ---------------------------------------------------------------
def password_env(pbx: LocalPbx, user: str) -> dict[str, str]:
    """A helper process's SIP password, in its environment (ps shows command lines)."""
    return {PASSWORD_ENV: pbx.users[user]}


def bare_callee_command(pbx: LocalPbx, user: str) -> list[str]:
    return [sys.executable, __file__, "--bare-callee", "--registrar", pbx.registrar_uri,
            "--user", user]


def engine_command(pbx: LocalPbx, user: str) -> list[str]:
    return [sys.executable, "-m", "operator_app.telephony", "--null-audio",
            "--registrar", pbx.registrar_uri, "--user", user, "--auto-answer", "0",
            "--join-queue", "1551"]


def in_ring_group(event: Event) -> bool:
    # the softphone reports each binding; without an "account" field, any will do
    return event.get("event") == "registered" and event.get("account", "queue") == "queue"


def start_callee(command: list[str], env: dict[str, str]) -> tuple[JsonLineProcess, float]:
    """Start a callee and return it with the seconds until it joined the ring group."""
    started = time.time()
    process = JsonLineProcess(command, env=env)
    try:
        process.wait_for(in_ring_group, REGISTER_TIMEOUT_S)
    except (EventTimeoutError, ProcessEndedError):
        process.close()
        raise
    return process, time.time() - started


def median_register_s(command: list[str], env: dict[str, str]) -> float:
    samples = []
    for _ in range(REGISTER_SAMPLES):
        process, seconds = start_callee(command, env)
        process.close()
        samples.append(seconds)
    return statistics.median(samples)


def one_call(caller: JsonLineProcess, callee: JsonLineProcess, target: str,
             talk_s: float) -> float:
    """Call the callee's AoR, talk, hang up; the caller-side INVITE -> CONFIRMED seconds.

    The short talk lets RTP flow and keeps the rate realistic: pjlib's select
    ioqueue (64 sockets) frees a closed socket's slot only after 0.5 s, and
    back-to-back calls with no talk at all exhaust it in either process.
    """
    caller.send({"cmd": "call", "to": target, "from_number": "+380441234567",
                 "display": "Бенчмарк"})
    calling = caller.wait_for("calling", CALL_TIMEOUT_S)
    call = calling["call"]
    connected = caller.wait_for(
        lambda event: event.get("call") == call and event.get("event") in ("connected", "ended"),
        CALL_TIMEOUT_S)
    if connected["event"] != "connected":
        raise RuntimeError(f"call not answered: {connected}")
    time.sleep(talk_s)
    caller.send({"cmd": "hangup", "call": call})
    caller.wait_for(lambda event: event.get("call") == call and event.get("event") == "ended",
                    CALL_TIMEOUT_S)
    callee.wait_for("ended", CALL_TIMEOUT_S)
    callee.drain()
    return float(connected["t"]) - float(calling["t"])


@dataclass
class Callee:
    """One kind of callee: how to start it and the AoR it answers at."""

    user: str
    command: list[str]
    env: dict[str, str]
    process: JsonLineProcess | None = None

    def start(self) -> JsonLineProcess:
        self.process = start_callee(self.command, self.env)[0]
        return self.process

    def close(self) -> None:
        if self.process is not None:
            self.process.close()


def median_setup_ms(caller: JsonLineProcess, callees: list[Callee], samples: int,
                    talk_s: float) -> list[float]:
    """Calls alternate between the callees, so both see the same machine load."""
    seconds: list[list[float]] = [[] for _ in callees]
    for sample in range(samples + 1):
        for index, callee in enumerate(callees):
            assert callee.process is not None
            setup_s = one_call(caller, callee.process, callee.user, talk_s)
            if sample:  # the first round warms up: first-call allocations, codec init
                seconds[index].append(setup_s)
    return [round(1000 * statistics.median(values), 2) for values in seconds]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_ticks(pid: int) -> int:
    # fields after the command name: utime and stime are the 14th and 15th of stat
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def idle_cpu_percent(pids: list[int], seconds: float) -> list[float]:
    """CPU % of each process over the same idle period."""
    ticks_per_s = os.sysconf("SC_CLK_TCK")
    before, started = [cpu_ticks(pid) for pid in pids], time.monotonic()
    time.sleep(seconds)  # a benchmark, not a test: idling is the point
    elapsed = time.monotonic() - started
    return [round(100.0 * (cpu_ticks(pid) - ticks) / ticks_per_s / elapsed, 3)
            for pid, ticks in zip(pids, before, strict=True)]


def soak(caller: JsonLineProcess, callee: Callee, calls: int, talk_s: float,
         ) -> dict[str, Any]:
    """Sequential calls into a callee; a dead callee is counted and restarted.

    Growth over the second half tells a leak (keeps growing) from pools that
    fill up once and are reused (flat).
    """
    assert callee.process is not None
    crashes = failed = 0
    rss_before = rss_half = rss_mb(callee.process.pid)
    for number in range(calls):
        try:
            one_call(caller, callee.process, callee.user, talk_s)
        except (EventTimeoutError, RuntimeError, ProcessEndedError) as error:
            if not callee.process.alive:
                crashes += 1
                print(f"  {callee.user} died at call {number + 1}: "
                      f"{callee.process.stderr_tail(500)}")
                callee.close()
                rss_before = rss_half = rss_mb(callee.start().pid)
            else:
                failed += 1
                print(f"  call {number + 1} failed: {error}")
                caller.send({"cmd": "hangup"})
                caller.drain()
        if number + 1 == calls // 2:
            rss_half = rss_mb(callee.process.pid)
        if (number + 1) % 200 == 0:
            print(f"  {number + 1} calls, {callee.user} RSS {rss_mb(callee.process.pid):.1f} MB")
    rss_after = rss_mb(callee.process.pid)
    return {"calls": calls, "crashes": crashes, "failed_calls": failed,
            "rss_before_mb": round(rss_before, 1),
            "rss_growth_mb": round(rss_after - rss_before, 2),
            "rss_growth_second_half_mb": round(rss_after - rss_half, 2)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    pbx = LocalPbx()
    pbx.start(USERS)
    engine = Callee("op1001", engine_command(pbx, "op1001"), password_env(pbx, "op1001"))
    bare = Callee("op1002", bare_callee_command(pbx, "op1002"), password_env(pbx, "op1002"))
    simulator = [sys.executable, "-m", "kc1551_demo.simulator", "--registrar",
                 pbx.registrar_uri, "--user", "trunk", "--control"]
    results: dict[str, Any] = {"calls": args.calls, "idle_s": args.idle}
    try:
        results["register_ms"] = round(1000 * median_register_s(engine.command, engine.env), 2)
        results["register_bare_ms"] = round(
            1000 * median_register_s(bare.command, bare.env), 2)
        engine.start()
        bare.start()
        with JsonLineProcess(simulator, env=password_env(pbx, "trunk")) as caller:
            caller.wait_for("ready", REGISTER_TIMEOUT_S)
            results["call_setup_ms"], results["call_setup_bare_ms"] = median_setup_ms(
                caller, [engine, bare], args.setup_samples, args.talk)
            for callee, suffix in ((engine, ""), (bare, "_bare")):
                figures = soak(caller, callee, args.calls, args.talk)
                results.update({f"{key}{suffix}": value for key, value in figures.items()})
        assert engine.process is not None
        assert bare.process is not None
        results["idle_cpu_percent"], results["idle_cpu_percent_bare"] = idle_cpu_percent(
            [engine.process.pid, bare.process.pid], args.idle)
    finally:
        engine.close()
        bare.close()
        pbx.stop()
    results["call_setup_ratio_vs_bare"] = round(
        results["call_setup_ms"] / results["call_setup_bare_ms"], 3)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=30.0)
    parser.add_argument("--setup-samples", type=int, default=20)
    parser.add_argument("--talk", type=float, default=0.1, help="seconds each call lasts")
    parser.add_argument("--bare-callee", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--registrar", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    parser.add_argument("--password", default=os.environ.get(PASSWORD_ENV),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_callee:
        return run_bare_callee(args.registrar, args.user, args.password)
    results = run(args)
    print(f"REGISTER (start -> in ring group), median of {REGISTER_SAMPLES}: "
          f"engine {results['register_ms']} ms, bare pjsua2 {results['register_bare_ms']} ms")
    print(f"call setup (INVITE -> CONFIRMED at the caller), median of {args.setup_samples}: "
          f"engine {results['call_setup_ms']} ms, bare {results['call_setup_bare_ms']} ms, "
          f"ratio {results['call_setup_ratio_vs_bare']} (target <= 1.2)")
    print(f"{results['calls']} calls: engine {results['crashes']} crashes, "
          f"{results['failed_calls']} failed, RSS growth {results['rss_growth_mb']} MB "
          f"(target <= 10 MB, 0 crashes); bare {results['crashes_bare']} crashes, "
          f"{results['failed_calls_bare']} failed, RSS growth {results['rss_growth_mb_bare']} MB")
    print(f"RSS growth over the second half of the calls: engine "
          f"{results['rss_growth_second_half_mb']} MB, "
          f"bare {results['rss_growth_second_half_mb_bare']} MB")
    print(f"idle {results['idle_s']} s: CPU engine {results['idle_cpu_percent']} % "
          f"(target <= 1 %), bare {results['idle_cpu_percent_bare']} %")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
