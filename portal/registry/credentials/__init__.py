"""What is signed and what a holder shows: holder fields, record lines, credential forms, W3C VCs.
Imports registry.keys and portal's base modules."""
