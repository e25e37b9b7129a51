"""The engagement API."""

from ninja import Router

router = Router(tags=["engagement"])
