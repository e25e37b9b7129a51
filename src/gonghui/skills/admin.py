"""一户一产业工人 rows are kept through the app\x27s pages."""
