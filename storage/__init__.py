"""Persistence: the Repository contract and its implementations."""
