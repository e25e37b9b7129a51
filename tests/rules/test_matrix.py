"""Rules pages and API operations in the access matrix (conventions in test_access_matrix).

The overdue list is open to every department that holds a role (each sees only its own kinds
of object in its subtree); members, the merchant and users without a grant get 403. The
rulebook API is public policy: any signed-in user reads it."""

from ..matrix import who

RULES_PAGES = [
    ("rules:overdue", {}, "get", None, who(200, merchant=403) | {"rights": 200, "publicity": 200}),
]

RULES_API = [
    ("get", "/api/v1/rules", None, who(200, anon=401) | {"rights": 200, "publicity": 200, "merchant": 200}),
]
