# Budgets, spending and fund audits are kept through their pages and services (every write is audited).
