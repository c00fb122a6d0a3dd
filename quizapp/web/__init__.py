"""Request plumbing that knows no feature: htmx, assets, security, errors, access, learner."""
