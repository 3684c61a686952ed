"""The signed registry of certificates, in subpackages that import only downwards (tests/test_lint.py):
keys -> credentials -> log -> validity -> store -> check -> issue."""
