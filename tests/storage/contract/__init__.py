"""The Repository contract (storage/base.py) on every engine, a module per section.

Each test gets a fresh repository of each engine: SQLite on a temporary file and PostgreSQL in
this run's throwaway database. The one SQL implementation is only done when both pass. The
modules follow storage/contract/.
"""
