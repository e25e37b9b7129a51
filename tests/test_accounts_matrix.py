"""Account pages in the access matrix (filled in with the account pages)."""

ACCOUNT_PAGES = []
