"""The portfolio register: the table of every benefit, its filters and its cache."""
