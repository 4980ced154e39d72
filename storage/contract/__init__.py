"""The Repository contract by group of tables; ``storage.base.Repository`` is all of them."""
