"""Building the published store: loading and verifying data/, the record database, the lookup store, the
log's tiles and the signed snapshot. Imports the registry packages above it (keys .. validity)."""
