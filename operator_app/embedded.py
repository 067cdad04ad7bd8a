"""The embedded demo: the whole product on one machine, with no configuration.

``EmbeddedStack`` runs the central API in-process (uvicorn in a thread, on a
free loopback port, SQLite with demo data), a local Kamailio as the PBX of
line 1551 and the line simulator calling in every few seconds.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn


def free_tcp_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class ApiServerThread:
    """An ASGI app served by uvicorn in a background thread; can stop and start again
    on the same port (tests use that to take the API away and bring it back)."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int | None = None):
        self.app = app
        self.host = host
        self.port = port or free_tcp_port(host)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout_s: float = 15) -> str:
        """Serve and return the base URL once the socket accepts connections."""
        if self.running:
            return self.url
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning",
                                lifespan="on", access_log=False)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name=f"api-{self.port}", daemon=True)
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + timeout_s
        pause = threading.Event()  # never set: a sleep that reads as a wait
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the API did not start on {self.url}")
            pause.wait(0.01)
        return self.url

    def stop(self, timeout_s: float = 10) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout_s)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout_s)
