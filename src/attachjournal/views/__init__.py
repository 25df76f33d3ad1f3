"""Views: the terminal (Rich), the HTML pages and the --json shapes of each result.

views/text holds the plain-text helpers (no Rich), so the pages and the export formats stay
light; the review's sections (review_text) and the patterns' headings and sentences
(patterns_words) are worked out once and drawn by both the terminal and the page.
"""
