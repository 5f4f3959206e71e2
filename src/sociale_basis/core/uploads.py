"""Checking an uploaded photo by its contents and size, and a generated name to store it under.

The one table of accepted upload types and the size limit, also read by the initiatives' attachments:
at most 5 MB, and for a photo a PNG or JPEG by its first bytes, whatever its name or the type the
browser claims. The uploader's file name is
never used as a path. Modules that take photos call `check_photo` in their service (the refusal names
the field) and store the file under `generated_name`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The content types the platform accepts, each with the first bytes a real file of that type starts with
# (initiatives' attachments take them all; photos only PNG and JPEG).
SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
}
PHOTO_TYPES = ("image/png", "image/jpeg")
SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg"}


def check_photo(upload: Any, field: str) -> str:
    """Refuse (naming ``field``) a file over 5 MB or one that is not a PNG or JPEG by its contents;
    returns the content type read from the contents."""
    name = getattr(upload, "name", "") or ""
    if (getattr(upload, "size", 0) or 0) > MAX_UPLOAD_BYTES:
        raise ValidationError({field: _("The file %(name)s is larger than 5 MB.") % {"name": name}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type in PHOTO_TYPES:
        if head.startswith(SIGNATURES[content_type]):
            return content_type
    raise ValidationError(
        {field: _("Only PNG or JPEG photos can be added: %(name)s is not one.") % {"name": name}}
    )


def generated_name(folder: str, content_type: str) -> str:
    """Where to store an upload: a random name with the suffix of its checked type."""
    return f"{folder}/{uuid.uuid4().hex}{SUFFIX.get(content_type, '')}"
