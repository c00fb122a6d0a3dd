"""The bank folder and its copy in the database: sync, locks, reload on change, file writes."""
