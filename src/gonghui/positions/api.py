"""The positions API."""

from ninja import Router

router = Router(tags=["positions"])
