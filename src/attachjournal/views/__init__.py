"""Views: the terminal (Rich), the HTML pages and the --json shapes of each result."""
