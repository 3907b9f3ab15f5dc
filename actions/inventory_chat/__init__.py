"""The guided inventory conversation as plain Python (no Rasa here: actions/inventory.py is the glue).

state     the typed state kept in the Rasa slot `inventory` (lines, pending questions, answered categories)
drafts    a stated amount on its way to an inventory line: the questions it still needs, in order
annual    turning an amount as given (per month, per bill, readings, counts) into the year's amount
handlers  one handler per kind of user act (give amounts, answer, correct, delete, skip, finish, confirm)
dialogue  the entry point: one user turn in, (state, messages) out
presenter every message the bot says, from actions/inventory.yml
readback  the summary read back before computing
result    the result after computing (phone-sized first bubble, details behind buttons)
payload   the collected lines in calc's JSON shape
"""
