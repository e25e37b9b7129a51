"""The funds' rules (2%, the split between levels, late fees, the small-firm threshold) are
rulebook values edited in /ops/; this app's rows are written through its pages and imports only."""
