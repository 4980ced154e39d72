"""The Repository contract's SQL, one module per group of tables.

Each module holds one section of ``storage.base.Repository`` (its class docstring names which)
as a mixin of :class:`storage.sql.SqlRepository`, so that the one repository keeps one
transaction per unit of work; the same statements serve SQLite and PostgreSQL. What the sections
share (scopes, row locks) is in ``storage.tables.section``, the conversions of rows and columns in
``storage.tables.rows``.
"""
