"""Readers that turn helpdesk and telephony exports into the canonical contact schema.

Every reader has the same shape: ``read(path, options) -> Reading``. A reading holds the
canonical rows (raw identifiers still in memory; the import service pseudonymises them
before anything is written) and the rejected rows, each with file, row, column, value
and reason. Readers never write to disk.
"""
