"""An HTTP/1.1 keep-alive server that answers /chunked with a chunked body and /after with a plain one.

Usage: chunked_server.py PORT LOG. Each response is written as raw bytes, chunk by chunk in separate
writes; LOG gets one line "<path> <status> <bytes on the wire>" per response sent.
"""
import http.server
import sys
import time

port, log = int(sys.argv[1]), sys.argv[2]

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
# A chunk whose data looks like a response of its own, one bigger than the probes capture (4 KiB),
# and chunk sizes in hex with an extension: only real chunk framing finds where this body ends.
FAKE = b"HTTP/1.1 500 Fake\r\nContent-Length: 0\r\n\r\n"
BIG = bytes(i % 251 for i in range(10000))
CHUNKS = [b"%x\r\n%s\r\n" % (len(FAKE), FAKE),
          b"%X;note=big\r\n" % len(BIG) + BIG + b"\r\n",
          b"%x\r\n%s\r\n" % (len(b"tail\n"), b"tail\n"),
          b"0\r\n\r\n"]
AFTER = b"HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nafter\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/chunked":
            parts = [HEAD] + CHUNKS
            status = 200
        else:
            parts = [AFTER]
            status = 201
        # logged first, so the line is there once the client has the response
        with open(log, "a") as f:
            f.write("%s %d %d\n" % (self.path, status, sum(len(p) for p in parts)))
        for part in parts:
            self.wfile.write(part)
            time.sleep(0.01)  # separate segments on the wire

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
