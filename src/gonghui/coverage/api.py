"""The coverage API."""

from ninja import Router

router = Router(tags=["coverage"])
