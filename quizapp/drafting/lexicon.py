"""Word lists the rules rely on: small, English, and meant to be read and extended."""

from __future__ import annotations


def word_set(text: str) -> set[str]:
    """A set from a block of space-separated words (long lists read better this way)."""
    return set(text.split())


MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

# Words never worth a blank, and never the start of a name when they open a sentence.
STOP_WORDS = word_set(
    """
    a about above after again against all also although am among an and another any are as at
    be because been before being below between both but by can could did do does doing down
    during each either even ever every few for from further had has have having he her here
    hers herself him himself his how however i if in into is it its itself just last later
    least less let like many may me meanwhile might more most much must my myself neither never
    next no nor not now of off often on once one only or other others our ours ourselves out
    over own per perhaps rather same several she should since so some still such than that the
    their theirs them themselves then there therefore these they this those though through thus
    to today too under until up upon us very was we were what whatever when where whether which
    while who whom whose why will with within without would yet you your yours yourself
    according across along already always around because despite early eventually finally first
    indeed instead late meanwhile moreover nevertheless now recently soon together yesterday
    tomorrow nearly almost roughly approximately just mr mrs ms dr
    """
)

# Capitalised words that open a sentence or a heading but are not names.
COMMON_CAPITALISED = STOP_WORDS | word_set(
    """
    according although as both but despite following here meanwhile news other photo
    researchers scientists officials today update yes
    """
)

# Titles before a person's name; stripped from the name and a sign that a person follows.
TITLES = word_set(
    """
    mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister
    chancellor secretary senator sen rep representative governor gov mayor councillor
    councilor judge justice king queen prince princess emperor empress pope general gen
    colonel col captain capt lieutenant lt sergeant sgt commander admiral chief sheriff
    inspector detective officer coach father sister brother rabbi imam reverend rev bishop
    archbishop ayatollah sheikh headteacher principal director
    """
)

# Lowercase particles inside personal names ("Ludwig van Beethoven", "Osama bin Laden").
PARTICLES = word_set(
    """
    al el bin ibn bint abu de del della der den di da das dos du la le van von ter ten y
    """
)

# Words inside a capitalised span that make it an organisation.
ORG_WORDS = word_set(
    """
    academy administration agency alliance army assembly association authority bank board
    brigade brigades bureau cabinet centre center church club coalition college commission
    committee company congress corporation corp council court department federation force
    forces foundation front fund group guard hospital inc institute institution laboratory
    laboratories league library ltd ministry movement museum navy network observatory office
    organisation organization parliament partnership party police school senate service
    society team trust union university
    """
)

# Words inside a capitalised span that make it a place.
PLACE_WORDS = word_set(
    """
    airport avenue bridge castle cathedral palace stadium station tower bay beach canyon
    channel city coast county desert district east forest gulf harbour harbor hill hills
    island islands kingdom lake mount mountain mountains north ocean park peninsula province
    region republic river road sea south square states strait street valley village west
    """
)

# Words that make a capitalised span an event, never a place ("at the Battle of Hastings").
EVENT_WORDS = {
    "battle", "war", "treaty", "games", "olympics", "festival", "revolution", "cup",
    "championship", "conference", "summit", "expedition", "uprising", "crisis", "act",
}  # fmt: skip

# Acronyms that name countries rather than organisations.
COUNTRY_ACRONYMS = {"US", "USA", "UK", "UAE", "USSR", "DRC", "PRC", "ROK", "DPRK"}

# Prepositions after which a capitalised span is most likely a place.
PLACE_PREPOSITIONS = word_set(
    """
    in from to at near into across throughout outside inside towards toward via around off
    """
)

# Nouns after "X, a/an ..." that say what X is.
ORG_NOUNS = word_set(
    """
    agency alliance band charity club coalition company faction firm group militia movement
    network organisation organization party startup team union
    """
)
PLACE_NOUNS = word_set(
    """
    city glacier port country county district island lake mountain province region river
    suburb town valley village
    """
)
PERSON_NOUNS = word_set(
    """
    activist analyst architect artist astronomer author biologist chemist coach commander
    composer daughter doctor engineer explorer farmer father general geologist historian
    inventor journalist leader mathematician member minister mother nurse officer physicist
    pilot poet politician professor researcher resident scientist sister soldier student
    surgeon teacher volunteer writer
    """
)

# Verbs after a name that say a person did the talking.
SPEECH_VERBS = {"said", "says", "told", "wrote", "writes", "added", "explained", "recalled"}

# Proper words used as adjectives ("Shi'ite Muslim armed groups"): never a span's last word.
ADJECTIVAL = {"muslim", "christian", "jewish", "catholic", "protestant", "sunni", "shia", "arab"}
ADJECTIVAL_ENDINGS = ("ern", "ian", "ean", "ese", "ish", "ic", "i")

# Words before a number that hedge it, and what they mean for a numeric answer.
APPROXIMATE = {
    "about",
    "around",
    "roughly",
    "some",
    "approximately",
    "nearly",
    "almost",
    "circa",
    "c.",
    "estimated",
    "an estimated",
    "close to",
    "around about",
}
BOUND = {
    "over",
    "more than",
    "at least",
    "upwards of",
    "in excess of",
    "fewer than",
    "less than",
    "under",
    "below",
    "up to",
    "as many as",
    "as few as",
}

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}

# Words that end the noun phrase of an appositive: "a glaciologist at ...".
HEAD_STOPS = word_set(
    """
    of in at from who whose that which for with on to by and or near based known called
    named whom
    """
)

# Words ending like a person noun ("-er", "-or") that name things.
NOT_PEOPLE = word_set(
    """
    border center chapter cluster computer container corridor error factor floor layer
    ledger letter major matter meter minor mirror monitor motor newspaper number other paper
    poster power quarter reactor register sector sensor theater tower tractor vector water
    colour color door interior exterior former senior junior order river glacier crater
    harbor harbour corner member
    """
)
