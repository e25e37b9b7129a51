"""志愿服务 rows are kept through the app's pages; the star levels by hours are a rulebook value."""
