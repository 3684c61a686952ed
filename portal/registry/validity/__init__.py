"""Checking: the steps a record passes, the registration period, the proofs a credential carries.
Imports registry.keys, .credentials, .log and portal's base modules."""
