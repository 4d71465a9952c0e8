"""The output contract from schema/ and rows → Arrow tables (flat, nested, sharded)."""
