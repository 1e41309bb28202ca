"""Icons and styles. Installed as the package ``benefitdesk.resources`` (see setup.py);
look them up with ``benefitdesk.resources_lookup``, never by path."""
