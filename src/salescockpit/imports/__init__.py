"""Importing leads from other CRMs' exports: read the table, match its columns, check each row.

`tabular` reads CSV/XLSX into numbered rows, `lead_columns` decides which column is which lead
field, `leads` turns one row into a draft or a reject. The write is `services.lead_import`.
"""
