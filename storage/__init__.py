"""Persistence: the Repository contract (``storage.base``) and its one SQL implementation."""
