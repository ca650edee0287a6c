"""Default settings shared by the library and the command line (a leaf module: no imports).

The command line shows these in ``--help`` without importing the domain modules.
"""
OUTDIR = "out"  # govkg build -o
QUERY_TIMEOUT = 30.0  # seconds a query may run (govkg query, govkg serve)
QUERY_FORMATS = ("table", "csv", "tsv", "json")
MAX_QUERY_BYTES = 100_000  # the endpoint answers 413 above this
HOST, PORT = "127.0.0.1", 7878  # govkg serve
MAX_ROWS = 10_000  # govkg serve cuts answers here
CORS_ORIGIN = "*"  # govkg serve: who may read answers from a web page
PUSH_TIMEOUT = 300.0
ENV_USER, ENV_PASSWORD, ENV_TOKEN = "GOVKG_PUSH_USER", "GOVKG_PUSH_PASSWORD", "GOVKG_PUSH_TOKEN"
# govkg load --virtuoso: the account isql logs in with (user dba when unset), and the isql program
ENV_VIRTUOSO_USER, ENV_VIRTUOSO_PASSWORD = "GOVKG_VIRTUOSO_USER", "GOVKG_VIRTUOSO_PASSWORD"
ENV_ISQL, ISQL = "GOVKG_ISQL", "isql-vt"  # Debian's name; OpenLink's own builds call it isql
VIRTUOSO_USER = "dba"
LICENSES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
}
LICENSE = "CC-BY-4.0"
MAX_NODES = 1000  # the network page keeps the most central entities
CO_MENTION = 5  # same-sentence edges kept per entity on the page
