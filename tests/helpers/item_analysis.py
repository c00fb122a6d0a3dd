"""A small class whose item indices were worked out by hand."""

from __future__ import annotations

# Five students, three one-point items (1 = right, 0 = wrong), first attempts only:
#
#   student  capital primes sky  total
#   A           1      1     1     3
#   B           1      1     0     2
#   C           1      0     0     1
#   D           0      1     0     1
#   E           1      0     1     2
#
# y is the rest of the test: total minus the item.
# capital: x = 1,1,1,0,1  y = 2,1,0,1,1
#   facility 4/5 = 0.8
#   n=5 Σx=4 Σy=5 Σxy=2+1+0+0+1=4 Σx²=4 Σy²=4+1+0+1+1=7
#   r = (5·4 − 4·5) / √((5·4 − 16)(5·7 − 25)) = 0 / √40 = 0
# primes: x = 1,1,0,1,0  y = 2,1,1,0,2
#   facility 3/5 = 0.6
#   Σx=3 Σy=6 Σxy=2+1=3 Σx²=3 Σy²=4+1+1+0+4=10
#   r = (15 − 18) / √((15 − 9)(50 − 36)) = −3/√84 = −0.32733  -> negative discrimination
# sky: x = 1,0,0,0,1  y = 2,2,1,1,1
#   facility 2/5 = 0.4
#   Σx=2 Σy=7 Σxy=2+1=3 Σx²=2 Σy²=4+4+1+1+1=11
#   r = (15 − 14) / √((10 − 4)(55 − 49)) = 1/6 = 0.16667
HAND = {
    "A": (1, 1, 1),
    "B": (1, 1, 0),
    "C": (1, 0, 0),
    "D": (0, 1, 0),
    "E": (1, 0, 1),
}


KEYS = ("capital", "primes", "sky")
