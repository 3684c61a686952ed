"""The transparency log: Merkle trees (RFC 6962), signed notes and checkpoints, tiles, the ledger of entries.
Imports registry.keys, registry.credentials and portal's base modules."""
