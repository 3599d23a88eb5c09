"""Holds every session channel the server grants to one client address, as a client that wants to starve others of
channel window would: prints how many it holds, then keeps them until its standard input closes.

Usage: paramiko_window_hog.py PORT USER PASSWORD CONNECTIONS CHANNELS SOURCE_ADDRESS
"""
import socket
import sys

import paramiko

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
connections, channels, source = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
transports = []
held = []
for _ in range(connections):
    transport = paramiko.Transport(socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0)))
    transport.connect(username=user, password=password)
    transports.append(transport)
    for _ in range(channels):
        try:
            held.append(transport.open_session(timeout=30))
        except paramiko.ChannelException as refused:
            print("refused:", refused.code, refused.text, flush=True)
            break
print(f"holding {len(held)} channels", flush=True)
sys.stdin.read()
for transport in transports:
    transport.close()
