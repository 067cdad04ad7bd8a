"""A private Kamailio on loopback: the test and demo PBX of the 1551 line.

`LocalPbx.start(users)` copies `resources/pbx/kamailio.cfg` into a temporary
folder, generates the user table and defines next to it, starts Kamailio in
the foreground with its own pid file and runtime dir (no root paths, several
can run at once) and returns once the PBX answers an OPTIONS. Registrations
live in memory only: `restart()` keeps the ports but forgets every binding,
which is what the engine's re-registration is tested against.

With `tls=True` it also listens on TLS. Each start makes a test CA
(`tls_ca`, the file a client is told to trust) and a server certificate it
signed for 127.0.0.1 and localhost; `tls_cert` can instead serve one a client
must refuse (another CA's, a self-signed one, or the test CA's for another
host name), for the wrong-certificate tests.
"""

from __future__ import annotations

import contextlib
import enum
import glob
import ipaddress
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from kc1551_resources import resource_path

CONFIG_TEMPLATE = resource_path("pbx", "kamailio.cfg")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.+-]{1,64}$")
_SAFE_PASSWORD = re.compile(r"^[A-Za-z0-9_.+\-=@#%^*!~]{1,128}$")
_SAFE_DOMAIN = re.compile(r"^[A-Za-z0-9.-]{1,253}$")
# a SIGTERM that lands while Kamailio is still starting can be ignored; the
# PBX keeps nothing on disk (usrloc in memory), so a SIGKILL after this is safe
_STOP_TIMEOUT_S = 1.0


class TlsCert(enum.StrEnum):
    """Which certificate the PBX presents on its TLS port."""

    TRUSTED = "trusted"  # signed by the test CA (`tls_ca`) for 127.0.0.1 and localhost
    OTHER_CA = "other-ca"  # right names, signed by a CA the client was not told to trust
    SELF_SIGNED = "self-signed"  # right names, signed by itself
    WRONG_NAME = "wrong-name"  # signed by the test CA, for another host


_WRONG_HOST = "pbx.elsewhere.invalid"


class PbxNotAvailableError(RuntimeError):
    """Kamailio (or one of its modules) is not installed on this machine."""


class PbxStartError(RuntimeError):
    """Kamailio was started but did not come up; the message has its log tail."""


def find_kamailio() -> str | None:
    return os.environ.get("KAMAILIO") or shutil.which("kamailio") or (
        "/usr/sbin/kamailio" if os.access("/usr/sbin/kamailio", os.X_OK) else None
    )


def find_modules_dir() -> str | None:
    override = os.environ.get("KAMAILIO_MODULES")
    if override:
        return override
    candidates = glob.glob("/usr/lib/*/kamailio/modules") + glob.glob("/usr/lib*/kamailio/modules")
    for candidate in sorted(candidates):
        if os.path.exists(os.path.join(candidate, "tm.so")):
            return candidate
    return None


def tls_available() -> bool:
    modules = find_modules_dir()
    return bool(modules and os.path.exists(os.path.join(modules, "tls.so"))
                and shutil.which("openssl"))


def _port_is_free(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


PORT_ATTEMPTS = 5  # starts on freshly picked ports before a port clash is reported


def pick_free_port() -> int:
    """A loopback port free for both UDP and TCP (SIP uses the same number)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if _port_is_free(port, socket.SOCK_STREAM):
            return port
    raise PbxStartError("no free loopback port for the PBX")


def options_request(host: str, port: int, local_port: int, call_id: str) -> bytes:
    """A minimal out-of-dialog OPTIONS, the PBX's keep-alive probe."""
    branch = "z9hG4bK" + secrets.token_hex(8)
    return (
        f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch={branch};rport\r\n"
        "Max-Forwards: 70\r\n"
        f"From: <sip:probe@{host}>;tag={secrets.token_hex(4)}\r\n"
        f"To: <sip:{host}:{port}>\r\n"
        f"Call-ID: {call_id}\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def send_options(host: str, port: int, timeout: float = 1.0) -> int | None:
    """Send one OPTIONS over UDP; the reply's status code, or None on silence."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(timeout)
        call_id = secrets.token_hex(8)
        sock.sendto(options_request(host, port, sock.getsockname()[1], call_id), (host, port))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = sock.recv(65535)
            except (TimeoutError, ConnectionRefusedError):
                return None
            text = data.decode("utf-8", "replace")
            if call_id in text and text.startswith("SIP/2.0 "):
                return int(text.split(" ", 2)[1])
    return None


class LocalPbx:
    """One Kamailio process on 127.0.0.1 with a generated user table."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = 0  # UDP
        self.tcp_port = 0
        self.tls_port: int | None = None
        self.domain = "127.0.0.1"
        self.users: dict[str, str] = {}
        self.workdir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._tls = False
        self.tls_cert = TlsCert.TRUSTED

    # -- public API -----------------------------------------------------
    @property
    def registrar_uri(self) -> str:
        return f"sip:{self.host}:{self.port}"

    @property
    def log_path(self) -> Path | None:
        return self.workdir / "kamailio.log" if self.workdir else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def tls_certificate(self) -> Path | None:
        """The server certificate (PEM) the PBX presents, when TLS is on."""
        return self.workdir / "pbx.crt" if self.workdir and self.tls_port else None

    @property
    def tls_ca(self) -> Path | None:
        """The test CA's certificate (PEM): what a client trusts to verify the PBX."""
        return self.workdir / "ca.crt" if self.workdir and self.tls_port else None

    @property
    def tls_registrar_uri(self) -> str | None:
        return f"sip:{self.host}:{self.tls_port}" if self.tls_port else None

    def start(self, users: Mapping[str, str], udp_port: int = 0, tcp_port: int = 0,
              domain: str = "127.0.0.1", tls: bool = False, tls_port: int = 0,
              tls_cert: TlsCert = TlsCert.TRUSTED, timeout: float = 15.0) -> None:
        """Start Kamailio and wait until it answers OPTIONS (port 0: pick a free one)."""
        if self.running:
            raise PbxStartError("this PBX is already running")
        _check_inputs(users, domain)
        if tls and not tls_available():
            raise PbxNotAvailableError(
                "Kamailio TLS module (package kamailio-tls-modules) or openssl is missing")
        self.users = dict(users)
        self.domain = domain
        self._tls = tls
        self.tls_cert = TlsCert(tls_cert)
        picks_ports = not (udp_port and tcp_port and (tls_port or not tls))
        made_workdir = self.workdir is None
        try:
            for attempt in range(1, PORT_ATTEMPTS + 1):
                self.port = udp_port or pick_free_port()
                self.tcp_port = tcp_port or (
                    self.port if _port_is_free(self.port, socket.SOCK_STREAM)
                    else pick_free_port())
                self.tls_port = (tls_port or pick_free_port()) if tls else None
                if self.workdir is None:
                    self.workdir = Path(tempfile.mkdtemp(prefix="kc1551-pbx-"))
                self._write_config()
                try:
                    self._launch(timeout)
                    return
                except PbxStartError as error:
                    # A port picked free can be taken by another program before Kamailio
                    # binds it (another test run's endpoints, a softphone): pick again.
                    if not picks_ports or attempt == PORT_ATTEMPTS \
                            or "Address already in use" not in str(error):
                        raise
        except BaseException:
            # The error carries the log's tail; a start that failed leaves no directory.
            if made_workdir and self.workdir is not None:
                shutil.rmtree(self.workdir, ignore_errors=True)
                self.workdir = None
            raise

    def restart(self, timeout: float = 15.0) -> None:
        """Stop and start again on the same ports; every registration is forgotten."""
        self.stop(keep_workdir=True)
        self._launch(timeout)

    def stop(self, keep_workdir: bool = False) -> None:
        process, self._process = self._process, None
        if process is not None:
            _terminate(process)
        if not keep_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def log_tail(self, lines: int = 40) -> str:
        path = self.log_path
        if path is None or not path.exists():
            return ""
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])

    def options_ok(self, timeout: float = 1.0) -> bool:
        return send_options(self.host, self.port, timeout) == 200

    def __enter__(self) -> LocalPbx:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- internals ------------------------------------------------------
    def _write_config(self) -> None:
        assert self.workdir is not None
        shutil.copyfile(CONFIG_TEMPLATE, self.workdir / "kamailio.cfg")
        defines = [f'#!define PBX_REALM "{self.domain}"']
        if self.domain != self.host:
            defines.append(f'alias="{self.domain}"')
        if self._tls:
            defines += ["#!define WITH_TLS", "enable_tls=yes"]
            defines.append(f'#!define TLS_CONFIG_FILE "{self._write_tls_files()}"')
        (self.workdir / "pbx-defines.cfg").write_text("\n".join(defines) + "\n", "utf-8")
        # htable's mod-init event fills the table once, before any request arrives
        body = "".join(f'\t$sht(users=>{name}) = "{password}";\n'
                       for name, password in sorted(self.users.items()))
        (self.workdir / "pbx-users.cfg").write_text(
            f"event_route[htable:mod-init] {{\n{body}}}\n", "utf-8")

    def _write_tls_files(self) -> Path:
        assert self.workdir is not None
        work = self.workdir
        key, cert = work / "pbx.key", work / "pbx.crt"
        _make_ca(work / "ca.key", work / "ca.crt", "kc1551 test PBX CA")
        names = ["IP:127.0.0.1", "DNS:localhost"]
        if self.host not in ("127.0.0.1", "localhost"):
            names.append(f"IP:{self.host}")
        if self.domain not in (self.host, "127.0.0.1", "localhost"):
            names.append(f"{'IP' if _is_ip(self.domain) else 'DNS'}:{self.domain}")
        subject = self.domain
        issuer: tuple[Path, Path] | None = (work / "ca.key", work / "ca.crt")
        if self.tls_cert is TlsCert.OTHER_CA:
            _make_ca(work / "other-ca.key", work / "other-ca.crt", "kc1551 untrusted CA")
            issuer = (work / "other-ca.key", work / "other-ca.crt")
        elif self.tls_cert is TlsCert.SELF_SIGNED:
            issuer = None
        elif self.tls_cert is TlsCert.WRONG_NAME:
            subject, names = _WRONG_HOST, [f"DNS:{_WRONG_HOST}"]
        _make_server_cert(key, cert, subject, names, issuer, work)
        config = work / "tls.cfg"
        config.write_text(
            "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
            f"require_certificate = no\nprivate_key = {key}\ncertificate = {cert}\n\n"
            "[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
            "require_certificate = no\n",
            "utf-8",
        )
        return config

    def _command(self) -> list[str]:
        binary, modules = find_kamailio(), find_modules_dir()
        if binary is None or modules is None:
            raise PbxNotAvailableError("Kamailio is not installed (/usr/sbin/kamailio)")
        assert self.workdir is not None
        rundir = self.workdir / "run"
        rundir.mkdir(exist_ok=True)
        listen = ["-l", f"udp:{self.host}:{self.port}", "-l", f"tcp:{self.host}:{self.tcp_port}"]
        if self.tls_port is not None:
            listen += ["-l", f"tls:{self.host}:{self.tls_port}"]
        # -DD: stay in the foreground but keep forking workers (-D alone is
        # "no fork" mode, which has no TCP)
        return [binary, "-DD", "-E", "-f", str(self.workdir / "kamailio.cfg"), "-L", modules,
                *listen, "-Y", str(rundir), "-P", str(rundir / "kamailio.pid"),
                "-m", "64", "-M", "8", "-n", "2"]

    def _launch(self, timeout: float) -> None:
        command = self._command()
        assert self.log_path is not None
        with open(self.log_path, "ab") as log:
            # own session: stop() can reach every child through the group
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise PbxStartError(f"Kamailio exited with {code}:\n{self.log_tail()}")
            if self.options_ok(timeout=0.2):
                return
        self.stop(keep_workdir=True)
        raise PbxStartError(f"Kamailio did not answer OPTIONS in {timeout} s:\n{self.log_tail()}")


# an EC key is generated in milliseconds, unlike RSA
_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
_DAYS = "2"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _openssl(*args: str) -> None:
    try:
        subprocess.run(["openssl", *args], check=True, capture_output=True)
    except subprocess.CalledProcessError as error:
        raise PbxStartError(f"openssl {args[0]} failed: "
                            f"{error.stderr.decode('utf-8', 'replace')}") from error


def _make_ca(key: Path, cert: Path, name: str) -> None:
    _openssl("req", "-x509", *_EC_KEY, "-days", _DAYS, "-subj", f"/CN={name}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-keyout", str(key), "-out", str(cert))


def _make_server_cert(key: Path, cert: Path, subject: str, names: list[str],
                      issuer: tuple[Path, Path] | None, workdir: Path) -> None:
    """A TLS server certificate for `names` (SAN), signed by issuer (key, cert) or itself."""
    extensions = workdir / "server-ext.cnf"
    extensions.write_text(
        f"subjectAltName = {','.join(names)}\n"
        "basicConstraints = critical,CA:FALSE\n"
        "keyUsage = critical,digitalSignature\n"
        "extendedKeyUsage = serverAuth\n", "utf-8")
    if issuer is None:
        _openssl("req", "-x509", *_EC_KEY, "-days", _DAYS, "-subj", f"/CN={subject}",
                 "-addext", f"subjectAltName={','.join(names)}",
                 "-keyout", str(key), "-out", str(cert))
        return
    request = workdir / "pbx.csr"
    _openssl("req", "-new", *_EC_KEY, "-subj", f"/CN={subject}",
             "-keyout", str(key), "-out", str(request))
    ca_key, ca_cert = issuer
    _openssl("x509", "-req", "-in", str(request), "-CA", str(ca_cert), "-CAkey", str(ca_key),
             "-set_serial", f"0x{secrets.token_hex(8)}", "-days", _DAYS,
             "-extfile", str(extensions), "-out", str(cert))


def _check_inputs(users: Mapping[str, str], domain: str) -> None:
    # the values are pasted into Kamailio's config: refuse anything that could break out
    if not _SAFE_DOMAIN.match(domain):
        raise ValueError(f"invalid SIP domain: {domain!r}")
    for name, password in users.items():
        if not _SAFE_NAME.match(name):
            raise ValueError(f"invalid SIP user name: {name!r}")
        if not _SAFE_PASSWORD.match(password):
            raise ValueError(f"invalid characters in the password of {name!r}")


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # the main process stops its children itself
        try:
            process.wait(_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # children may outlive the main process for a moment; the group takes them too
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    """Run a test PBX by hand: prints its address and users as JSON, stops on Ctrl-C."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m kc1551_demo.local_pbx",
                                     description=main.__doc__)
    parser.add_argument("--user", action="append", default=[], metavar="NAME=PASSWORD",
                        help="repeatable; default: op1001..op1005, trunk, gateway")
    parser.add_argument("--port", type=int, default=0, help="UDP and TCP port, 0 = any free")
    parser.add_argument("--tls", action="store_true", help="also listen on TLS")
    parser.add_argument("--tls-cert", choices=[cert.value for cert in TlsCert],
                        default=TlsCert.TRUSTED.value,
                        help="the certificate presented on TLS (default: signed by the test CA)")
    args = parser.parse_args(argv)
    users = dict(item.split("=", 1) for item in args.user) or {
        name: secrets.token_hex(6)
        for name in [*(f"op{number}" for number in range(1001, 1006)), "trunk", "gateway"]}
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)  # sigwait needs them blocked
    pbx = LocalPbx()
    try:
        pbx.start(users, udp_port=args.port, tcp_port=args.port, tls=args.tls,
                  tls_cert=TlsCert(args.tls_cert))
        print(json.dumps({"registrar": pbx.registrar_uri, "tcp_port": pbx.tcp_port,
                          "tls_port": pbx.tls_port,
                          "tls_ca": str(pbx.tls_ca) if pbx.tls_ca else None,
                          "log": str(pbx.log_path), "users": users}), flush=True)
        signal.sigwait(stop_signals)
    except (PbxNotAvailableError, PbxStartError, ValueError) as error:
        print(f"PBX: {error}", file=sys.stderr)
        return 2
    finally:
        pbx.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
