"""What an attempt asked: the whole bank, or a practice round of part of it."""

# Attempt kinds other than "bank" are practice rounds: they never make a best or latest score.
WHOLE_BANK = "bank"
KIND_NAMES = {
    "bank": "Whole bank",
    "draw": "Random draw",
    "tag": "One tag",
    "retry": "Retry of missed questions",
    "selection": "Practice of chosen questions",
    "live": "Live session",
    "part": "Part of the bank",
}
