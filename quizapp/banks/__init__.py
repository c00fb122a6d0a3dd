"""Question banks: YAML loading, validation with file:line errors. No Flask imports here."""
