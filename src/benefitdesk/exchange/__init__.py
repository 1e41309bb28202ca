"""Excel and CSV exchange: turning files people keep by hand into clean, located values.

Reading goes in layers, each usable alone: `limits` refuses unsafe files, `grid` turns
a sheet into rows of raw typed cells that know their place, `headers` finds the header
row and what each column holds, `values` and `dates` read each cell, and `errors` says
where anything went wrong (`Benefits!H7: "abc" is not a number`).
"""
