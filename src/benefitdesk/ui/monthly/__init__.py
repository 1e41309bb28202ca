"""The monthly cycle in the app: chase owners (an e-mail draft each), collection
workbooks out and back, calendar reminders kept current, and the benefits review.

The main window needs `open_chase_dialog`, the collection commands, the
`RemindersController` (one per open portfolio) and `open_review_dialog`.
"""
