"""Sends each argument to an echo service and reads it back before sending the next, on one connection.

Usage: echo_client.py HOST PORT MESSAGE... Prints each echo on its own line (repr).
"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.create_connection((host, port), timeout=10) as s:
    for message in sys.argv[3:]:
        data = message.encode()
        s.sendall(data)
        echo = b""
        while len(echo) < len(data):
            chunk = s.recv(len(data) - len(echo))
            if not chunk:
                raise SystemExit("echo service closed early")
            echo += chunk
        print(repr(echo.decode()))
