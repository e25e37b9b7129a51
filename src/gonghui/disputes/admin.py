# Disputes are kept through the services (pages and API), never edited in the admin.
