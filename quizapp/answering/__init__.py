"""A learner's answer, pure: lay a question out, read the form, grade it, put it into words."""
