"""The journal on a PostgreSQL server (psycopg 3): its schema, its household's roles and
row-level security, and how attach connects. Reached only through the storage door; the
driver is imported inside functions, so the file journal's commands never load it."""
