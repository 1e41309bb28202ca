"""File › Restore Backup…: choose one of the portfolio's automatic backups."""
