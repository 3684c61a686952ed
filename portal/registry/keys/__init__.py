"""Signing and keys: Ed25519 over JCS, point checks, multibase, encrypted key files, the trust list (root,
endorsements, snapshot). Imports only portal's base modules."""
