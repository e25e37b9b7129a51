"""The subsidies API."""

from ninja import Router

router = Router(tags=["subsidies"])
