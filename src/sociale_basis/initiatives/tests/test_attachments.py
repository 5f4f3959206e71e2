"""Attachments: stored under generated names, streamed only to who may read them (logged), and an
optional clamd virus scan tested against a fake clamd on a loopback socket."""

from __future__ import annotations

import socketserver
import struct
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sociale_basis.audit.models import ProcessingLog
from sociale_basis.initiatives import services, virusscan
from sociale_basis.initiatives.models import Attachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% test\n"
EICAR = b"%PDF-1.4 X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _pdf(name: str = "../../begroting plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_file_is_stored_under_a_generated_name_and_the_original_name_kept(draft, resident):
    a = services.attachment_add(actor=resident, initiative=draft, upload=_pdf())
    assert a.name == "begroting plan.pdf" or a.name.endswith("begroting plan.pdf")
    stored = a.file.name
    assert "begroting" not in stored and ".." not in stored and stored.endswith(".pdf")


def test_attachments_are_read_by_the_initiator_and_assessors_never_by_others(
    client, submitted, resident, area_team, reviewer, django_user_model, draft
):
    a = Attachment.objects.create(
        initiative=submitted,
        file=_pdf(),
        name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    url = f"/initiatieven/bijlage/{a.pk}/"
    client.force_login(resident)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert 'filename="plan.pdf"' in response["Content-Disposition"]
    assert not ProcessingLog.objects.exists()  # the initiator reading their own file
    for assessor in (area_team, reviewer):
        client.force_login(assessor)
        assert client.get(url).status_code == 200
    assert (
        ProcessingLog.objects.filter(
            actor__in=[area_team, reviewer], operation="initiatives.read"
        ).count()
        == 2
    )
    stranger = django_user_model.objects.create_user(email="x@example.org", password="x" * 12)
    client.force_login(stranger)
    missing = client.get("/initiatieven/bijlage/999999/")
    hidden = client.get(url)
    assert hidden.status_code == missing.status_code == 404


def test_staff_cannot_read_attachments_of_a_draft(client, draft, resident, area_team):
    a = services.attachment_add(actor=resident, initiative=draft, upload=_pdf("x.pdf"))
    client.force_login(area_team)
    assert client.get(f"/initiatieven/bijlage/{a.pk}/").status_code == 404


class FakeClamd(socketserver.BaseRequestHandler):
    """Speaks clamd's INSTREAM: chunks with a 4-byte length, a zero length ends the stream."""

    received: list[bytes] = []

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            size = struct.unpack("!L", self._read(4))[0]
            if size == 0:
                break
            data += self._read(size)
        FakeClamd.received.append(data)
        verdict = b"stream: Eicar-Signature FOUND\0" if b"EICAR" in data else b"stream: OK\0"
        self.request.sendall(verdict)

    def _read(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += self.request.recv(n - len(out))
        return out


@pytest.fixture
def clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMD_ADDRESS = f"127.0.0.1:{server.server_address[1]}"
    FakeClamd.received = []
    yield server
    server.shutdown()
    server.server_close()


def test_without_a_scanner_nothing_is_scanned(settings):
    settings.CLAMD_ADDRESS = ""
    assert virusscan.scan(_pdf(content=EICAR)) is None


def test_a_clean_file_passes_the_scanner_and_is_stored(clamd, draft, resident):
    a = services.attachment_add(actor=resident, initiative=draft, upload=_pdf("plan.pdf"))
    assert FakeClamd.received == [PDF]
    assert a.file.read() == PDF  # the stream was rewound before storing


def test_an_infected_file_is_refused_with_what_was_found_and_not_stored(clamd, draft, resident):
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=resident, initiative=draft, upload=_pdf("v.pdf", EICAR))
    assert "Eicar-Signature" in exc.value.message_dict["attachment"][0]
    assert not Attachment.objects.exists()


def test_an_unreachable_scanner_refuses_the_upload(settings, draft, resident):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CLAMD_ADDRESS = f"127.0.0.1:{port}"  # nothing listens there
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=resident, initiative=draft, upload=_pdf("p.pdf"))
    assert "attachment" in exc.value.message_dict
    assert not Attachment.objects.exists()
