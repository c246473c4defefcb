"""Writes three HTTP/1.1 requests in one send, then reads the three responses until the server closes.

Usage: pipelined_client.py HOST PORT. Prints "sent <bytes>", then one status code per response.
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
requests = (b"GET /1 HTTP/1.1\r\nHost: pipeline\r\nUser-Agent: pipelined\r\n\r\n"
            b"GET /2 HTTP/1.1\r\nHost: pipeline\r\nUser-Agent: pipelined\r\n\r\n"
            b"GET /3 HTTP/1.1\r\nHost: pipeline\r\nUser-Agent: pipelined\r\nConnection: close\r\n\r\n")
s = socket.create_connection((host, port), timeout=10)
sent = s.send(requests)  # one write: all three at once, never split by sendall
assert sent == len(requests), sent
print("sent", sent)
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
s.close()

# Walk the responses by their framing (Content-Length; nginx sends one on each).
pos = 0
while pos < len(data):
    head_end = data.index(b"\r\n\r\n", pos)
    head = data[pos:head_end].decode("latin-1").split("\r\n")
    length = 0
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    print(head[0].split(" ")[1])
    pos = head_end + 4 + length
