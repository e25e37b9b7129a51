# Collective contracts are kept through the pages and the API (services hold the rules).
