"""The events API."""

from ninja import Router

router = Router(tags=["events"])
