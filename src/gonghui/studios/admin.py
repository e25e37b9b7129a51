"""Studios and mentorships are kept through their pages and services (audited), not the admin."""
