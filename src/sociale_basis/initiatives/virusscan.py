"""An optional virus scan of uploads by the municipality's clamd, off by default.

Set `SB_CLAMD_ADDRESS` to `host:port` (TCP) or `unix:/path/to/clamd.ctl`. Each upload is then streamed
to clamd with the INSTREAM command before it is stored. A file clamd reports as infected is refused
with the name of what it found; when the scanner cannot be reached the upload is refused too (fail
closed), with a message asking to try again later. Without the setting nothing is scanned.
"""

from __future__ import annotations

import socket
import struct
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
TIMEOUT = 30.0


def _connect(address: str) -> socket.socket:
    if address.startswith("unix:"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT)
        sock.connect(address[5:])
        return sock
    host, _sep, port = address.rpartition(":")
    return socket.create_connection((host or "127.0.0.1", int(port)), timeout=TIMEOUT)


def clamd_instream(address: str, stream: Any) -> str:
    """Send `stream` to clamd with INSTREAM; return its answer, e.g. `stream: OK`."""
    with _connect(address) as sock:
        sock.sendall(b"zINSTREAM\0")
        while chunk := stream.read(CHUNK):
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(upload: Any) -> str | None:
    """None when the file may be stored; otherwise the reason it is refused (in the user's language)."""
    address = getattr(settings, "CLAMD_ADDRESS", "")
    if not address:
        return None
    upload.seek(0)
    try:
        answer = clamd_instream(address, upload)
    except (OSError, ValueError):
        return _("The file could not be checked for viruses just now; please try again later.")
    finally:
        upload.seek(0)
    if answer.endswith("OK"):
        return None
    if answer.endswith("FOUND"):
        found = answer.split(":", 1)[-1].removesuffix("FOUND").strip()
        return _("The file %(name)s contains a virus (%(found)s) and was not saved.") % {
            "name": getattr(upload, "name", ""),
            "found": found,
        }
    return _("The file could not be checked for viruses just now; please try again later.")
