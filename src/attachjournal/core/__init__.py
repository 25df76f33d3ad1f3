"""The pure core: prompts, the questionnaire, the review, patterns, safety and time.

Nothing here imports Rich, Typer, storage or the views, and nothing reads the clock: every
function takes what it needs (records, a reader that fits core/reading.EntriesReader, now=)
and returns frozen results, so it can be tested without a terminal or a database. The words
the journal uses (kinds, roles, the question ids the review reads) are in core/vocabulary.
"""
