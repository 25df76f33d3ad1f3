"""PostgreSQL URLs as people see them: never with a password in them.

Credentials belong to libpq (~/.pgpass, a service file, PGPASSWORD). A URL that still holds
one, `postgresql://mum:secret@nas/attach` or `password=secret`, is shown without it in every
message, and the password itself is scrubbed from any text that might quote it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

# postgresql://user:secret@host -> postgresql://user@host (the last @ ends the user part).
_URI_PASSWORD = re.compile(r"^(?P<head>postgres(?:ql)?://[^:/?#@]*):[^/?#]*@", re.IGNORECASE)
# ?password=secret&... or &password=secret (URI parameters)
_QUERY_PASSWORD = re.compile(r"([?&])password=[^&#]*&?", re.IGNORECASE)
# password=secret or password='a secret' (libpq's key=value form)
_KEYWORD_PASSWORD = re.compile(r"\bpassword\s*=\s*(?:'(?:\\.|[^'])*'|\S+)\s*", re.IGNORECASE)
HIDDEN = "***"


def is_server_url(location: str) -> bool:
    """Whether a journal location names a PostgreSQL server rather than a file.

    One slash is enough: a URL that went through pathlib.Path has lost its second.
    """
    return re.match(r"postgres(?:ql)?:/", location.strip(), re.IGNORECASE) is not None


def redact(url: str) -> str:
    """The URL without its password, wherever it was written."""
    if is_server_url(url):
        shown = _URI_PASSWORD.sub(r"\g<head>@", url.strip())
        shown = _QUERY_PASSWORD.sub(lambda m: m.group(1), shown)
        return shown.rstrip("?&")
    return _KEYWORD_PASSWORD.sub("", url).strip()


def password_in(url: str) -> str | None:
    """The password written into the URL itself, if any (to scrub it, never to show it)."""
    found = _URI_PASSWORD.match(url.strip())
    if found:
        secret = url.strip()[found.end("head") + 1 : found.end() - 1]
        return unquote(secret) or None
    query = re.search(r"[?&]password=([^&#]*)", url, re.IGNORECASE)
    if query:
        return unquote(query.group(1)) or None
    keyword = re.search(r"\bpassword\s*=\s*('(?:\\.|[^'])*'|\S+)", url, re.IGNORECASE)
    if keyword:
        value = keyword.group(1)
        return value[1:-1] if value.startswith("'") else value
    return None


def scrub(text: str, url: str) -> str:
    """Text (an error from the server, say) with the URL's password replaced, if it had one."""
    secret = password_in(url)
    if not secret:
        return text
    for form in sorted({secret, quote(secret, safe="")}, key=len, reverse=True):
        text = text.replace(form, HIDDEN)
    return text


def journal_key(url: str) -> str:
    """What names the journal a URL reaches: its host, port, database and role; not how the
    URL is spelled, its options (sslmode, connect_timeout, application_name) nor a password.

    What is kept on this device for a journal (its outbox) is found by this key, so adding
    `sslmode=verify-full` to the URL, or writing the default port out, finds the same.
    """
    from urllib.parse import parse_qs, urlsplit

    text = re.sub(r"^postgres(?:ql)?:/+", "postgresql://", url.strip(), flags=re.IGNORECASE)
    parts = urlsplit(text)
    query = parse_qs(parts.query)

    def given(name: str) -> str:
        values = query.get(name)
        return values[-1] if values else ""

    userinfo, _, hostport = parts.netloc.rpartition("@")
    address = re.match(r"^(.*?)(?::(\d+))?$", hostport)
    host, port = (address.group(1), address.group(2) or "") if address else (hostport, "")
    place = given("host") or unquote(host)
    return "|".join(
        (
            place if place.startswith("/") else place.lower(),  # a socket's folder keeps its case
            given("port") or port or "5432",
            given("dbname") or unquote(parts.path.lstrip("/")),
            given("user") or unquote(userinfo.partition(":")[0]),
        )
    )
