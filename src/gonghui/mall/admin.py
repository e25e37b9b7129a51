# The mall is kept through its pages and services (every write is audited and checked against
# the budget and the caps); nothing is registered in the admin.
