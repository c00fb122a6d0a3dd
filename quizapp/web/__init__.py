"""Request plumbing that knows no feature."""
