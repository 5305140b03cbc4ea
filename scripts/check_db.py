"""Stop `make test` at once, with a clear message, when PostgreSQL cannot be reached.

Also creates the database named in DATABASE_URL if it is missing, so that a fresh
PostgreSQL server needs no manual set-up.
"""

import os
import sys

import dj_database_url
import psycopg2
from psycopg2 import sql

url = os.environ.get("DATABASE_URL", "")
config = dj_database_url.parse(url)
if config["ENGINE"] != "django.db.backends.postgresql":
    sys.exit(f"The test suite runs on PostgreSQL; DATABASE_URL={url!r} is not a postgres:// URL.")

params = {
    "host": config.get("HOST") or None,
    "port": config.get("PORT") or None,
    "user": config.get("USER") or None,
    "password": config.get("PASSWORD") or None,
    "connect_timeout": 3,
}
try:
    conn = psycopg2.connect(dbname="postgres", **params)
except psycopg2.OperationalError as exc:
    sys.exit(
        f"Cannot reach PostgreSQL at {config.get('HOST')}:{config.get('PORT')} ({exc.args[0].strip()}).\n"
        "Start it, or point the tests at one: make test TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/careerhub"
    )
conn.autocommit = True
with conn.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
    if cursor.fetchone() is None:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        print(f"Created database {config['NAME']}.")
conn.close()
print(f"PostgreSQL reachable at {config.get('HOST')}:{config.get('PORT')}.")
