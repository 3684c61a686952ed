"""The 1+X certificate portal's data model: one loader and one validator that the plugins and scripts share."""
