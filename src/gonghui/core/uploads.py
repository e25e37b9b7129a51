"""Attachments (diagnoses, certificates, signed forms, photos, evidence): checked on the way
in, kept outside anything the web server serves, and handed out only through a view that has
already checked the reader's scope.

An app's attachment model subclasses ``Attachment`` and adds its foreign key; the view that
serves it fetches the parent with ``access.get_object`` and returns ``attachment.response()``.
"""

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a file's first bytes must be for each kind we accept (the name and the browser's
# content type are not evidence).
SIGNATURES = {
    "pdf": ((b"%PDF-", "application/pdf"),),
    "image": ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
              (b"GIF89a", "image/gif")),
}


def sniff(head, kinds):
    """The content type of a file starting with `head`, if it is one of `kinds`, else None."""
    for kind in kinds:
        for magic, content_type in SIGNATURES[kind]:
            if head.startswith(magic):
                return content_type
    if "image" in kinds and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_upload(upload, kinds=("image", "pdf"), max_mb=None):
    """The upload's content type, or a Chinese ValidationError naming what is wrong."""
    max_mb = max_mb or settings.ATTACHMENT_MAX_MB
    if upload is None or not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": max_mb}, code="too_large")
    upload.seek(0)
    content_type = sniff(upload.read(16), kinds)
    upload.seek(0)
    if content_type is None:
        wanted = {("image",): _("an image (JPEG, PNG, GIF or WebP)"), ("pdf",): _("a PDF file")}.get(
            tuple(kinds), _("an image (JPEG, PNG, GIF or WebP) or a PDF file"))
        raise ValidationError(_("“%(name)s” is not %(wanted)s.") % {"name": upload.name, "wanted": wanted},
                              code="kind")
    return content_type


def _upload_to(instance, filename):
    """A random name under the app's folder: the stored path says nothing about the person."""
    folder = f"attachments/{instance._meta.app_label}/{timezone.now():%Y/%m}"
    return f"{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    file = models.FileField(gettext_lazy("file"), upload_to=_upload_to, max_length=200)
    name = models.CharField(gettext_lazy("file name"), max_length=200)
    size = models.PositiveIntegerField(gettext_lazy("size"))
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @classmethod
    def from_upload(cls, upload, *, user, kinds=("image", "pdf"), **fields):
        """An unsaved attachment for a checked upload (raises ValidationError before anything
        is written); saving it stores the file."""
        content_type = check_upload(upload, kinds)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        return cls(file=upload, name=Path(upload.name).name[:200], size=upload.size, content_type=content_type,
                   sha256=digest.hexdigest(), uploaded_by=user, **fields)

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    def response(self):
        """The file for a reader whose access the caller has checked (images and PDFs open in
        the browser, under their original name)."""
        return FileResponse(self.file.open("rb"), content_type=self.content_type, filename=self.name,
                            as_attachment=False)
