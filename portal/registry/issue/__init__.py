"""Issuing: writing endorsements, records and revocations, signing an organisation's export, the printed
certificate, the demo registry. Imports any registry package."""
