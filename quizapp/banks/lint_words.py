"""Words a learner might type that a typo-tolerant answer must not accept by accident.

A hand-written list for `quizapp lint`: everyday English words, and places and groups that
turn up in news texts, since "Hama" (a Syrian city) passing for "Hamas" is the kind of
slip the check is for. Short words matter most: typo tolerance forgives one edit from
four characters on, and a one-letter change turns many short words into others.
"""

from __future__ import annotations

_ENGLISH = """
a able about above across act action add after again against age ago agree aid aim air all
allow almost alone along already also always among amount and anger angle angry animal
another answer any appear apply area argue arm army around arrive art as ask assist attack
avoid away baby back bad bag ball band bank bar base basic basis battle be bear beat became
become bed been before began begin behind being believe bell below bend beside best better
between beyond big bill bird birth bit black blame blank blind block blood blow blue board
boat body bold bomb bond bone book border born both bottom bought box boy brain branch brave
bread break bring broad brother brought brown build built burn business busy but buy by call
came camp can capital captain car care carry case cast cat catch cause cell center centre
certain chain chair chance change charge chief child choice choose church circle citizen city
civil claim class clean clear climb close cloud coast coat code cold collect colony colour
column come command common company complete concern condemn condition consider contain
content continue control cook cool copy corn corner cost could count country course court
cover cow create crime crisis crop cross crowd cry current cut dance danger dark data date
daughter day dead deal dear death debate decide deep defeat defence defend degree deliver
demand deny depend describe desert design detail develop did die differ direct disease divide
do doctor does dog done door double doubt down draw dream dress drink drive drop dry during
duty each ear early earth east easy eat edge effect effort egg eight either election else
empire end enemy energy enjoy enough enter entire equal escape even evening event ever every
exact example except exist expect experience explain express eye face fact fail fair fall
family famous far farm fast father fear feed feel feet fell felt few field fight figure fill
final find fine finger finish fire firm first fish fit five flat floor flow flower fly follow
food foot for force foreign forest form former forward found four free fresh friend from front
fruit full fund further gain game garden gas gate gather gave general gentle get gift girl
give glad glass go goal gold gone good got govern government grand grass great green grew
ground group grow guard guess guide gun had hair half hall hand hang happen happy hard has hat
have he head health hear heard heart heat heavy held hell help her here hero high hill him his
history hit hold hole home hope horse hospital host hot hotel hour house how huge human
hundred hunt hurt idea if ill image imagine in inch include increase indeed industry inform
inside instead interest into iron island issue it item its job join joint joy judge jump just
keep kept key kill kind king kiss knew know labour lack lady laid lake land language large last
late later laugh law lay lead leader learn least leave led left leg legal less let letter
level lie life lift light like limit line list listen little live local long look lord lose
loss lost lot loud love low luck made main major make male man many map march mark market
mass master match matter may me mean measure meat meet member men method middle might mile
military milk mind mine minister minute miss mission mix model modern moment money month
moon moral more morning most mother mount mountain mouth move much music must my name nation
native nature near nearly neck need never new news next nice night nine no none noon nor north
nose not note nothing notice now number object occur of off offer office officer often oil old
on once one only open order other our out over own page pain paint pair palace paper parent
park part party pass past path pay peace people per period person pick piece place plain plan
plant play please point police policy poor port position possible post pound power press
pretty prevent price prince prison private problem process produce program promise proper
protect prove provide public pull push put queen question quick quiet race radio rain raise
ran range rate rather reach read ready real reason receive record red region remain remember
report republic rest result return rich ride right ring rise risk river road rock role roll
room root rose round rule run safe said sail sale salt same sand sat save saw say scale school
science sea season seat second secret section see seed seem seen sell send sense sent serve
set settle seven several shade shake shall shape share sharp she sheet shell shift shin ship
shoe shoot shop shore short should shoulder shout show side sign silver simple since sing
single sir sister sit six size skill skin sky sleep slip slow small smell smile snow so social
soft soil sold soldier solid some son song soon sort sound south space speak special speech
speed spend spent spoke sport spot spread spring square staff stage stand star start state
station stay steel step stick still stock stone stood stop store storm story straight strange
street strength strike strong student study subject such sudden sugar suit summer sun supply
support suppose sure surface system table tail take talk tall task tax teach team tear tell
ten tend term test text than thank that the their them then there these they thick thin thing
think third this those though thought thousand three threw through throw thus till time tiny
to today together told tone too took top total touch toward tower town track trade train
travel treat tree trial trip troop trouble true trust truth try turn twelve twenty two type
under union unit until up upon us use usual valley value various very victory view village
visit voice vote wage wait walk wall want war warm was wash watch water wave way we weak
wealth wear weather week weight well went were west what wheel when where whether which while
white who whole whom whose why wide wife wild will win wind window wing winter wire wise wish
with within without woman women won wonder wood word wore work world worry worse worth would
write wrong yard year yellow yes yet you young your youth
advice advisor adviser assistance aggressive regression progression
alliance allied ally aligned alignment coalition collation collision colliding
faction fraction friction fiction action reaction traction
presence absence pretence presents present pressure
mission missions emission admission permission
strike strife stroke stride strive
drone drown throne prone crone
militia military malaria
tension tensions pension mention attention
justification justice
resurgence insurgence insurgent surgeon
dissatisfaction satisfaction
pushback setback
integral internal interval
blatant latent patent
aggression aggressor
sunni shia shiite shah sheikh
islam islamic muslim mosque imam
gaze gala gale gate game gave maze haze laze daze
"""

_PLACES = """
iraq iran israel syria jordan lebanon egypt turkey qatar oman yemen kuwait bahrain
saudi arabia emirates cyprus libya sudan chad niger mali palestine gaza
baghdad basra mosul erbil kirkuk najaf karbala fallujah ramadi tikrit sulaymaniyah samarra
damascus aleppo homs hama idlib raqqa deir latakia daraa
tehran isfahan tabriz mashhad qom shiraz
beirut sidon tyre tripoli
amman aqaba
jerusalem haifa jaffa hebron jenin nablus rafah
cairo alexandria
riyadh jeddah mecca medina
ankara istanbul
washington london paris moscow berlin kabul
hamas hezbollah hizbollah houthi houthis taliban fatah peshmerga kurds kurdish
nato un
"""

COMMON_WORDS: frozenset[str] = frozenset(_ENGLISH.split()) | frozenset(_PLACES.split())
