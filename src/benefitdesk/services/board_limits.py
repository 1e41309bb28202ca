"""The board pack's size rules, in a module light enough for ``benefitdesk --help``."""

#: The appendix is on by default for packs of up to this many benefits.
APPENDIX_LIMIT = 50
#: A pack with more sheets than this is written only once the user has agreed.
SHEET_WARNING = 200
#: Paper sizes the pack is laid out for (landscape).
PAPERS = ("a4", "letter")
