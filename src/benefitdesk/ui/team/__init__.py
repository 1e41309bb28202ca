"""Team mode in the app: connecting to a server, following others' changes, roles."""
