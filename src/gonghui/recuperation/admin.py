"""疗休养 rows are kept through the app's pages; its rules (the days cap, the years between turns,
the reply period) are rulebook values, edited in /ops/ under the rulebook."""
