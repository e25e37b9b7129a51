# Requests and legal-aid cases are kept through the pages and the API (every write through services).
