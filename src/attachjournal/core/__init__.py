"""The pure core: prompts, the questionnaire, the review, patterns, safety and time.

Nothing here imports Rich, Typer or storage: every function takes what it needs and returns
plain values, so it can be tested without a terminal or a database.
"""
