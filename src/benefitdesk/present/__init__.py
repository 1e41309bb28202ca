"""How BenefitDesk writes figures and names its concepts, for every view.

One place for the way money, percentages, numbers with units and dates are written
(:mod:`.formats`), for the words of statuses and flags (:mod:`.vocabulary`) and for
the items of the "needs attention" list (:mod:`.attention`). The desktop app, the
command line and the board pack all call these, so a figure reads the same wherever
it appears. Plain Python: no Qt, no database.
"""
