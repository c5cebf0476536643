"""An HTTP server on 127.0.0.1 serving a copy of the packaged speech model's files (for the download tests)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flashdeck.analysis.models import BUNDLED, ModelSpec, bundled_dir

# The packaged tiny.en under another name: the same files and checksums, downloaded instead of installed.
COPY = ModelSpec("tiny.en-copy", "tiny.en-copy (test download)", BUNDLED.files, base_url="http://127.0.0.1:9/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up (a cancelled download) is expected, not an error to print


@contextmanager
def serve_model_files(root: Path) -> Iterator[str]:
    """Copy the packaged model's files into ``root`` and serve them; yields the base URL."""
    for file in BUNDLED.files:
        shutil.copyfile(bundled_dir() / file.name, root / file.name)
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
