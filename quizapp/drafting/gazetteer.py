"""Names of people and places the drafter recognises: given names, countries, regions."""

from __future__ import annotations

from .lexicon import word_set

# Common given names: enough to tell "Maria Lopez" (a person) from "Cedar Falls" (a place).
GIVEN_NAMES = word_set(
    """
    aaron abdul abdullah adam ada adrian ahmed ahmad aisha alan albert alex alexander alexandra
    ali alice amanda amelia amir amy ana andrea andrew angela anna anne anthony antonio arthur
    ayesha barbara ben benjamin bernard beth betty bill bob brian bruce carl carla carlos carmen
    caroline catherine charles charlie charlotte chen chloe chris christian christina christine
    christopher claire clara daniel david deborah dennis diana diego dmitri donald dorothy
    edward elena eleanor ellen elizabeth ella emily emma eric ethan eva fatima felix fiona francis
    frank fred frederick gabriel george georgia grace hannah hans harold harriet harry hassan
    helen henry hugo hussein ian ibrahim isaac isabel isabella ivan jack jacob james jane janet
    jean jennifer jessica jim joan joe john jonathan jorge jose joseph joshua juan julia julian
    karen karl kate katherine kenneth kevin khalid laura lawrence leo leon li linda lisa louis
    lucy luis lydia mahmoud margaret maria marie mark martha martin mary matthew max maya
    michael michelle mohammed muhammad mohammad mustafa nadia nancy natalia nathan nicholas
    nina noah nora olga oliver omar oscar pablo patricia patrick paul peter philip priya rachel
    rahul raj ravi rebecca richard robert rosa ruth ryan sam samuel sara sarah sean sergei simon
    sofia sophie stephen steven susan thomas tim timothy tom victor victoria walter wang william
    yusuf zainab zhang
    """
)

# Countries, so that a country's distractors are countries rather than cities in it.
COUNTRIES = word_set(
    """
    afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
    bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
    botswana brazil britain brunei bulgaria burkina burundi cambodia cameroon canada chad chile
    china colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador
    egypt england eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia
    germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india
    indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati
    kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania
    luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico
    micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal
    netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay
    peru philippines poland portugal qatar romania russia rwanda samoa scotland senegal serbia
    seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland
    syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu
    uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam wales yemen zambia zimbabwe
    us usa uk uae ussr america
    """
) | {
    "united states",
    "united kingdom",
    "united arab emirates",
    "saudi arabia",
    "south africa",
    "south korea",
    "north korea",
    "south sudan",
    "new zealand",
    "sri lanka",
    "costa rica",
    "el salvador",
    "ivory coast",
    "czech republic",
    "dominican republic",
    "sierra leone",
    "soviet union",
    "northern ireland",
    "east timor",
    "papua new guinea",
    "the netherlands",
}
# Regions bigger than a country; a name with a compass word counts as one too.
REGIONS = word_set(
    """
    africa antarctica arctic asia balkans caribbean europe eurasia levant oceania
    scandinavia sahel
    """
)
COMPASS = word_set(
    """
    north south east west middle central northern southern eastern western
    """
)
