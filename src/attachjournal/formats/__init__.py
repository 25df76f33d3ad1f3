"""Export and import formats (JSON, CSV, Markdown) and the checks an import passes."""
