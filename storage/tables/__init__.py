"""The Repository contract's SQL, one module per group of tables.

Each module is a mixin of ``storage.sql.SqlRepository``, which adds the transactions.
"""
