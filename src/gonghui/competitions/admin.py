"""Competitions and 五小 entries are kept through their pages and services (audited), not the admin."""
