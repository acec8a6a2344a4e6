"""Behaviour the core ships as ordinary plugins (see ``DEFAULT_PLUGINS``)."""
