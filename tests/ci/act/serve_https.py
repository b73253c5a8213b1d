"""Serves a folder over HTTPS on 127.0.0.1 (a free port, printed on the
first line), standing in for the release downloads of the ismsbook
repository when tests/github_local.rs runs action.yml with act.

    python3 serve_https.py FOLDER CERT KEY
"""
import functools
import http.server
import ssl
import sys

folder, cert, key = sys.argv[1:4]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=folder)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
