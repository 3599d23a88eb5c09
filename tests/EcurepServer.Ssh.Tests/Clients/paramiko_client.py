"""Drives the server with paramiko: key exchange with chosen algorithms, optional rekeying, then one refused login.

Usage: paramiko_client.py PORT KEX CIPHER MAC KEYTYPE ACTION   ("-" keeps paramiko's default list)
ACTION: none | rekey (client renegotiates twice) | ignore (sends IGNORE traffic, e.g. to trip a server rekey)
        | linger (after the refused login, stays connected until the server disconnects)
"""
import socket
import sys
import time

import paramiko

port, kex, cipher, mac, key_type, action = sys.argv[1:7]
sock = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
transport = paramiko.Transport(sock)
options = transport.get_security_options()
if kex != "-":
    options.kex = (kex,)
if cipher != "-":
    options.ciphers = (cipher,)
if mac != "-":
    options.digests = (mac,)
if key_type != "-":
    options.key_types = (key_type,)
transport.start_client(timeout=30)
print("kex", transport.remote_cipher, transport.local_cipher, transport.host_key_type, flush=True)
if action == "rekey":
    for _ in range(2):
        transport.renegotiate_keys()
    print("rekeyed", flush=True)
elif action == "ignore":
    for _ in range(64):
        transport.send_ignore(1024)
try:
    transport.auth_password("tester", "not-the-password")
except paramiko.AuthenticationException:
    print("auth refused", flush=True)
if action == "linger":
    while transport.is_active():
        time.sleep(0.05)
    print("server disconnected", flush=True)
transport.close()
