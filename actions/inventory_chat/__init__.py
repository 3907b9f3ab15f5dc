"""The guided inventory conversation as plain Python (no Rasa here: actions/inventory.py is the glue).

dialogue    the entry point: one user turn in, (state, messages) out; which acts apply, in which order
state       the typed state kept in the Rasa slot `inventory` (lines, pending drafts, answered categories)
drafts      the checks a stated amount goes through before it becomes a line (source, money, usage …)
money       an amount given as money: the quantity asked, or estimated from the average price (估算)
work_time   the septic tank's people × hours × days and corrections of hours or days
annual      from an amount as given (per month, per bill, readings, counts) to the year's, with the arithmetic
amounts     new amounts: recorded now or pending with their question
answers     one reader per question a pending amount waits for
edits       corrections and deletions in plain words
categories  "沒有買蒸汽", "其他都沒有", skip, the year, the company
prompts     what is asked next, and the list of what was given
presenter   every message, from actions/inventory.yml
readback    the summary read back before computing
result      the result after computing (phone-sized first bubble, details behind buttons)
payload     the collected lines in calc's JSON shape
catalogue   actions/inventory.yml: steps, texts, defaults
"""
