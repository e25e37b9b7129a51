"""The 职代会 rules (quorum, pass rule, delegate formula, co-sponsors, disclosure items) are
rulebook values, edited in /ops/ under the rulebook; this app's rows are kept through its pages."""
